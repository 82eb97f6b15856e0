import { startAction } from '../../runner/run-action.js';
import { adaptTest } from './main.js';

void startAction(adaptTest);
