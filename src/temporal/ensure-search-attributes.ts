import { temporal } from '@temporalio/proto';
import type { Logger } from '../log';
import { CONVEYOR_SEARCH_ATTRIBUTES } from './search-attributes';

type OperatorService = temporal.api.operatorservice.v1.OperatorService;

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

/**
 * Registers Conveyor's search attributes in the namespace when they are missing. Idempotent and
 * cheap (one list call when all exist), so every process that needs them calls it at start.
 */
export async function ensureSearchAttributes(operatorService: OperatorService, namespace: string, log: Logger): Promise<void> {
  const missing = await missingAttributes(operatorService, namespace);
  if (missing.length === 0) return;
  try {
    await operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((name) => [name, KEYWORD])),
    });
    log.info({ added: missing }, 'registered search attributes');
  } catch (error) {
    // Another process may have registered them a moment ago.
    if ((await missingAttributes(operatorService, namespace)).length === 0) return;
    const commands = missing.map((name) => `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type Keyword`);
    throw new Error(
      `Conveyor needs the search attributes ${missing.join(', ')} in namespace "${namespace}" and could not register them ` +
        `(${(error as Error).message}). Ask the cluster's operator to run:\n  ${commands.join('\n  ')}`,
    );
  }
}

async function missingAttributes(operatorService: OperatorService, namespace: string): Promise<string[]> {
  const { customAttributes } = await operatorService.listSearchAttributes({ namespace });
  return CONVEYOR_SEARCH_ATTRIBUTES.map((key) => key.name).filter((name) => !(customAttributes && name in customAttributes));
}
