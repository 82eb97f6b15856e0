import { quote } from '../errors/quote.js';
/**
 * The GitHub Deployment of one deploy step: the run's own (GitHub makes one
 * for a job that declares `environment:`; same run, environment and sha),
 * reused so frequency counts stay true, or one the step creates when it
 * deploys; then its statuses (in_progress, success, failure). Recording is
 * bookkeeping: a refused or failed write is a warning naming the
 * permission, never the end of the deploy.
 */
import type { DeploymentRecord, Deployments, DeploymentState } from '../deployments/deployments.js';
import type { Logger } from '../logging/logger.js';
import type { RunFacts } from './deploy-run.js';

/** What a created deployment says about the deploy (its `payload`). */
export type DeploymentPayload = Record<string, unknown>;

/** The deployment of a deploy step. */
export class DeployRecord {
  private constructor(
    private readonly deployments: Deployments | undefined,
    private readonly environment: string,
    private readonly run: RunFacts,
    private readonly logger: Logger,
    private deployment: DeploymentRecord | undefined,
    /** Whether the deployment is GitHub's own for this job (found, not created). */
    readonly reused: boolean,
  ) {}

  /** Looks for the run's own deployment (none without an environment or run id; a failed lookup is a warning). */
  static async find(deployments: Deployments | undefined, environment: string, run: RunFacts, logger: Logger): Promise<DeployRecord> {
    let found: DeploymentRecord | undefined;
    if (deployments && run.runId)
      try {
        found = await deployments.findRunDeployment({ environment, sha: run.sha, runId: run.runId });
        if (found)
          logger.info(`environment ${quote(environment)}: this job's deployment is ${found.id} (GitHub made it for the job's environment); statuses go to it`);
      } catch (error) {
        logger.warning(`cannot look for this run's deployment of ${quote(environment)}: ${(error as Error).message}`);
      }
    return new DeployRecord(deployments, environment, run, logger, found, found !== undefined);
  }

  /** The deployment's id, once found or created. */
  get id(): number | undefined {
    return this.deployment?.id;
  }

  /** Creates the deployment unless the run has one, then sets it `in_progress`. */
  async start(description: string, payload: DeploymentPayload): Promise<void> {
    if (!this.deployments) return;
    if (!this.deployment)
      try {
        this.deployment = await this.deployments.create({ ref: this.run.ref, sha: this.run.sha, environment: this.environment, description, payload });
        this.logger.info(`environment ${quote(this.environment)}: created deployment ${this.deployment.id}`);
      } catch (error) {
        this.logger.warning(`cannot create a deployment of ${quote(this.environment)} (the job needs \`deployments: write\`): ${(error as Error).message}`);
        return;
      }
    await this.status('in_progress', description);
  }

  /** Adds a status to the deployment (when there is one). */
  async status(state: DeploymentState, description: string, environmentUrl = ''): Promise<void> {
    if (!this.deployments || !this.deployment) return;
    try {
      await this.deployments.setStatus(this.deployment.id, {
        state,
        description,
        ...(this.run.logUrl ? { logUrl: this.run.logUrl } : {}),
        ...(environmentUrl ? { environmentUrl } : {}),
      });
    } catch (error) {
      this.logger.warning(`cannot set deployment ${this.deployment.id} to ${state} (the job needs \`deployments: write\`): ${(error as Error).message}`);
    }
  }
}
