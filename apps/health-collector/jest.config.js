module.exports = { ...require('../../jest.preset.js'), displayName: 'health-collector', rootDir: __dirname };
