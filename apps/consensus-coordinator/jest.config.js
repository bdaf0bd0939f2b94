module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'consensus-coordinator',
  rootDir: __dirname,
};
