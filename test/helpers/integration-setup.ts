import { installTestRuntime } from './sdk-runtime';

// The integration project's setup, before any test file of a process: its one SDK runtime, installed
// before any test can create a connection or a worker (which would install the SDK's default one).
installTestRuntime();
