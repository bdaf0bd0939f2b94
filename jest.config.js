// Runs every project's tests. Tiers are told apart by file name so a developer can run the fast set:
//   *.spec.ts      unit (pure, no I/O)
//   *.int.spec.ts  integration (real nats-server started by @warden/testing)
//   *.e2e.spec.ts  end to end (built services as separate OS processes)
//   *.rel.spec.ts  reliability (kill, restart, flood, fuzz)
module.exports = {
  // A global option: with `projects`, each project's own testTimeout is ignored. Integration tests wait
  // for real servers and processes with generous `eventually` limits, so a test may take up to a minute.
  testTimeout: 60000,
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/apps/*/jest.config.js', '<rootDir>/tools/jest.config.js', '<rootDir>/bench/jest.config.js'],
};
