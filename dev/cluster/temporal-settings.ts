import { INVOICE_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { TEMPORAL_SERVER_VERSION } from '../temporal-server';

/**
 * What the Temporal cluster of `npm run cluster` and of docker-compose.yml share; the compose test reads both sides
 * against these.
 */
export const TEMPORAL_SERVER_IMAGE = `temporalio/server:${TEMPORAL_SERVER_VERSION}`;
/** The newest admin-tools of the 1.29 line; the schema files it ships are those of 1.29.2. */
export const TEMPORAL_ADMIN_TOOLS_IMAGE = 'temporalio/admin-tools:1.29.1-tctl-1.18.4-cli-1.5.0';
export const TEMPORAL_NAMESPACE = 'default';
/** How long closed workflows stay visible: the proof of what was sent stays in PostgreSQL beyond it. */
export const NAMESPACE_RETENTION_HOURS = 720;
export const TEMPORAL_DATABASES = { default: 'temporal', visibility: 'temporal_visibility' } as const;

/** The server's dynamic config, as the YAML file both write (key → list of { value, constraints }). */
export const TEMPORAL_DYNAMIC_CONFIG = {
  // Invoice ids come from customers' systems and can be long.
  'limit.maxIDLength': [{ value: 255, constraints: {} }],
  // The API answers every change through Workflow Updates.
  'frontend.enableUpdateWorkflowExecution': [{ value: true, constraints: {} }],
} as const;

const CLI_TYPE_NAMES: Record<string, string> = {
  KEYWORD: 'Keyword',
  DOUBLE: 'Double',
  DATETIME: 'Datetime',
  TEXT: 'Text',
  INT: 'Int',
  BOOL: 'Bool',
  KEYWORD_LIST: 'KeywordList',
};

/** `Name=Type` as the Temporal CLI's `--type` spells it: `InvoiceId=Keyword AmountOutstanding=Double …`. */
export function searchAttributesForCli(): string[] {
  return INVOICE_SEARCH_ATTRIBUTES.map((key) => `${key.name}=${CLI_TYPE_NAMES[key.type]}`);
}
