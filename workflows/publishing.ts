import { setCurrentDetails, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { toMajorUnits } from '../domain/money';
import { local } from './activity-proxies';
import type { Collection } from './collection';
import { describeState } from './describe-state';
import type { DunningStage } from './read-model';
import { AMOUNT_OUTSTANDING, DUNNING_STAGE, INVOICE_ID, NEXT_ACTION_AT } from './search-attributes';

/**
 * Makes each change of the state visible: the stage-change event, the search attributes and current details the
 * Temporal UI shows, and the projection (state and new proof-trail events) to the app database.
 */
export class Publisher {
  private published = -1;
  private publishedStage: DunningStage | null;
  // Search attributes are kept current when the invoice was started with them (the API always does): a namespace
  // without them registered, such as a bare test server, still runs the ladder.
  private readonly indexed = workflowInfo().typedSearchAttributes.get(INVOICE_ID) !== undefined;

  constructor(private readonly c: Collection) {
    this.publishedStage = c.input.carried ? c.view.stage : null;
  }

  /** Nothing changed since the last publication, and every event is projected. */
  get upToDate(): boolean {
    return this.published === this.c.state.version && this.c.state.pendingEvents.length === 0;
  }

  async publish(): Promise<void> {
    const { state, view } = this.c;
    if (this.upToDate) return;
    this.c.refreshPlan();
    if (this.publishedStage !== null && this.publishedStage !== view.stage) {
      state.record('stage_changed', { from: this.publishedStage, to: view.stage });
    }
    this.publishedStage = view.stage;
    this.published = state.version;
    if (this.indexed)
      upsertSearchAttributes([
        { key: DUNNING_STAGE, value: view.stage },
        { key: AMOUNT_OUTSTANDING, value: toMajorUnits({ amount: view.balance, currency: view.currency }) },
        { key: NEXT_ACTION_AT, value: view.nextAction?.at ? new Date(view.nextAction.at) : null },
      ]);
    setCurrentDetails(describeState(view));
    const events = state.pendingEvents.splice(0);
    try {
      await local.projectInvoiceState.executeWithOptions(
        { summary: `project state v${state.version} (${view.stage}) and ${events.length} proof-trail event(s)` },
        [{ invoiceId: this.c.invoice.id, version: state.version, state: view, events }],
      );
    } catch (error) {
      state.pendingEvents.unshift(...events);
      throw error;
    }
  }
}
