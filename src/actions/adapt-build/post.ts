import { startPostAction } from '../../runner/run-action.js';
import { saveDependencyCache } from './post-cache.js';

void startPostAction(saveDependencyCache);
