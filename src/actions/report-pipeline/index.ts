import { startAction } from '../../runner/run-action.js';
import { reportPipeline } from './main.js';

void startAction(reportPipeline);
