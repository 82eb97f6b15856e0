import { startAction } from '../../runner/run-action.js';
import { loadPersona } from './main.js';

void startAction(loadPersona);
