module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'alert-manager',
  rootDir: __dirname,
};
