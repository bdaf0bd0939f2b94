// Public surface of this project.
export {};
