module.exports = { ...require('../../jest.preset.js'), displayName: 'agent-sdk', rootDir: __dirname };
