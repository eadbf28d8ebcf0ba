import { TestWorkflowEnvironment } from '@temporalio/testing';
import { requiredEnv } from './test-database';

/**
 * A time-skipping environment on the test server obtained by global-setup. The SDK gives a server five seconds to
 * come up; a cold JVM on a busy machine can miss that window, so creation is retried.
 */
export async function createTimeSkippingEnv(attempts = 8): Promise<TestWorkflowEnvironment> {
  const path = requiredEnv('RELANCE_TEST_SERVER_PATH');
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path } },
      });
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}
