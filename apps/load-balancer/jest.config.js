module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'load-balancer',
  rootDir: __dirname,
};
