import { temporal } from '@temporalio/proto';
import type { Logger } from '../log';
import { CONVEYOR_SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTE_TYPE_NAMES } from '../contract/search-attributes';

type OperatorService = temporal.api.operatorservice.v1.OperatorService;

/** How Temporal's operator API names each attribute type Conveyor uses. */
export const INDEXED_TYPES = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
} as const;

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
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPES[key.type]])),
    });
    log.info({ added: missing.map((key) => key.name) }, 'registered search attributes');
  } catch (error) {
    // Another process may have registered them a moment ago.
    if ((await missingAttributes(operatorService, namespace)).length === 0) return;
    const commands = missing.map(
      (key) => `temporal operator search-attribute create --namespace ${namespace} --name ${key.name} --type ${SEARCH_ATTRIBUTE_TYPE_NAMES[key.type]}`,
    );
    throw new Error(
      `Conveyor needs the search attributes ${missing.map((key) => key.name).join(', ')} in namespace "${namespace}" and could not register them ` +
        `(${(error as Error).message}). Ask the cluster's operator to run:\n  ${commands.join('\n  ')}`,
    );
  }
}

async function missingAttributes(operatorService: OperatorService, namespace: string) {
  const { customAttributes } = await operatorService.listSearchAttributes({ namespace });
  return CONVEYOR_SEARCH_ATTRIBUTES.filter((key) => !(customAttributes && key.name in customAttributes));
}
