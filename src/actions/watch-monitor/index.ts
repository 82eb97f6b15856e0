import { startAction } from '../../runner/run-action.js';
import { watchMonitor } from './main.js';

void startAction((runner) => watchMonitor(runner));
