import { startAction } from '../../runner/run-action.js';
import { adaptDeploy } from './main.js';

void startAction(adaptDeploy);
