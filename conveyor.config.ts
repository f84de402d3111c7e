// This repository's own application is Conveyor's example project: `npm start` and `npx conveyor`
// in this folder run it. An application keeps its config at its root, as examples/ does.
export { default } from './examples/conveyor.config';
