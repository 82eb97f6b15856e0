import { startAction } from '../../runner/run-action.js';
import { adaptBuild } from './main.js';

void startAction(adaptBuild);
