module.exports = { ...require('../../jest.preset.js'), displayName: 'k8s-host-adapter', rootDir: __dirname };
