module.exports = { ...require('../../jest.preset.js'), displayName: 'fleet-sim', rootDir: __dirname };
