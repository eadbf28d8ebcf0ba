import { WorkflowNotFoundError } from '@temporalio/client';
import { ServiceUnavailableError } from '../../api/http/http-errors';
import { fromTemporal } from '../../api/temporal/temporal-errors';
import { createTemporalGateway, grpcStatus, TemporalGateway } from '../../api/temporal/temporal-gateway';
import { requiredEnv } from '../support/test-database';

/**
 * The API process reaches Temporal through the SDK's native connection (so that the SDK measures its calls): its
 * failures must reach the error mapping as grpc-js's do — an unknown workflow, a deadline, a server not there.
 */
describe("the API's Temporal gateway over the native connection", () => {
  let gateway: TemporalGateway;

  beforeAll(() => {
    gateway = createTemporalGateway({
      connection: { address: requiredEnv('TEMPORAL_ADDRESS') },
      namespace: 'default',
      native: true,
    });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('is ready against a running server', async () => {
    await expect(gateway.ready()).resolves.toBe(true);
  });

  it('reports an unknown workflow as WorkflowNotFoundError', async () => {
    const client = await gateway.client();
    await expect(client.workflow.getHandle(`invoice-NOBODY-${Date.now()}`).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
  });

  it('reports a query no worker answered in time with its gRPC status (DEADLINE_EXCEEDED or CANCELLED)', async () => {
    const client = await gateway.client();
    // A workflow on a task queue nobody polls: its query waits until the deadline, as when every worker is down.
    const handle = await client.workflow.start('invoiceCollection', {
      taskQueue: `nobody-${Date.now()}`,
      workflowId: `invoice-UNANSWERED-${Date.now()}`,
      args: [],
    });
    try {
      const error = await client.withDeadline(Date.now() + 500, () => handle.query('state')).catch((e: unknown) => e);
      expect([1, 4]).toContain(grpcStatus(error));
      // The raw service call fails with the native connection's own ServiceError, its status on top.
      const raw = await client.connection
        .withDeadline(Date.now() + 500, () =>
          client.workflowService.queryWorkflow({
            namespace: 'default',
            execution: { workflowId: handle.workflowId },
            query: { queryType: 'state' },
          }),
        )
        .catch((e: unknown) => e);
      expect([1, 4]).toContain(grpcStatus(raw));
    } finally {
      await handle.terminate('test over');
    }
  });

  it('is not ready, and fails as an outage, when no server listens', async () => {
    const nowhere = createTemporalGateway({
      connection: { address: '127.0.0.1:1' },
      namespace: 'default',
      native: true,
    });
    const started = Date.now();
    await expect(nowhere.ready()).resolves.toBe(false);
    const error = await nowhere.client().catch((e: unknown) => e as Error);
    expect(fromTemporal(error as Error)).toBeInstanceOf(ServiceUnavailableError);
    expect(Date.now() - started).toBeLessThan(10_000);
    await nowhere.close();
  });
});
