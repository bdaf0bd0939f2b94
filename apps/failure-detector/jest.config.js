module.exports = { ...require('../../jest.preset.js'), displayName: 'failure-detector', rootDir: __dirname };
