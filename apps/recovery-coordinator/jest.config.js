module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'recovery-coordinator',
  rootDir: __dirname,
};
