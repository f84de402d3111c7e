import type { OpenAPIV3 } from 'openapi-types';
import { COMPONENTS_PREFIX, ComponentSchemas } from './component-schemas';
import { DOCUMENTED_CRON_PATTERN } from './cron-pattern';

type Schema = OpenAPIV3.SchemaObject;

/** The operation that creates a schedule, and the one whose body holds each task type's submit request. */
const CREATE_SCHEDULE = ['/schedules', 'post'] as const;
const SUBMIT_TASK = ['/tasks', 'post'] as const;
/** The components this adds: one per task type, and their union. */
const SCHEDULE_REQUEST_SUFFIX = 'ScheduleRequest';
const SCHEDULE_REQUEST_COMPONENT = 'CreateScheduleRequest';
const CRON_COMPONENT = 'CronExpression';
/** The cron of each variant's example: 03:00 UTC every day. */
const EXAMPLE_CRON = '0 3 * * *';

/**
 * The OpenAPI document with `POST /schedules`'s body as POST /tasks's is: one variant per task type,
 * joined in a union discriminated by `task_name`, each with that task's `parameters` (the
 * Parameters components `withTaskContract` added, read from POST /tasks's union), and a `cron`
 * described by a pattern every match of which Temporal accepts. So a client, or a fuzzer, that
 * generates a body from the document sends one the API takes.
 *
 * Only the document changes: the route still checks the body with its own schema, the registry
 * and Temporal, and takes every cron expression Temporal reads (the description lists them).
 */
export function withScheduleContract(document: OpenAPIV3.Document): OpenAPIV3.Document {
  const contract = structuredClone(document);
  const components = new ComponentSchemas(contract.components?.schemas);
  const resolve = (schema: Schema | OpenAPIV3.ReferenceObject | undefined): Schema => {
    const found = schema && '$ref' in schema ? components.schemas[schema.$ref.slice(COMPONENTS_PREFIX.length)] : schema;
    if (!found || '$ref' in found) throw new Error('the OpenAPI document refers to a schema it lacks');
    return found;
  };

  const body = jsonMedia(contract, CREATE_SCHEDULE);
  const envelope = resolve(body.schema);
  const cron = documentedCron(components, resolve(envelope.properties?.cron));
  const submitMapping = resolve(jsonMedia(contract, SUBMIT_TASK).schema).discriminator?.mapping ?? {};

  const variants = Object.entries(submitMapping).map(([taskName, submitRef]) => {
    const submit = resolve({ $ref: submitRef });
    const { task_name: taskNameSchema, parameters } = submit.properties ?? {};
    if (!taskNameSchema || !parameters) throw new Error(`POST /tasks's variant for ${taskName} has no task_name or parameters`);
    const key = submitRef.slice(COMPONENTS_PREFIX.length).replace(/\.SubmitRequest$/, '');
    const parametersRequired = submit.required?.includes('parameters') ?? false;
    const example = submit.example as { parameters?: unknown } | undefined;
    const request = components.add(components.freeName([key, SCHEDULE_REQUEST_SUFFIX]), {
      ...envelope,
      title: taskName,
      description: submit.description,
      example: { task_name: taskName, schedule_id: `${key}-nightly`, cron: EXAMPLE_CRON, parameters: example?.parameters ?? {} },
      properties: { ...envelope.properties, task_name: taskNameSchema, cron, parameters },
      required: [...new Set([...(envelope.required ?? []), 'task_name', ...(parametersRequired ? ['parameters'] : [])])],
    });
    return [taskName, request] as const;
  });

  body.schema = components.add(components.freeName([SCHEDULE_REQUEST_COMPONENT]), {
    description: 'A schedule to create: one task type, its parameters, when its runs start and how',
    oneOf: variants.map(([, request]) => request),
    discriminator: { propertyName: 'task_name', mapping: Object.fromEntries(variants.map(([name, request]) => [name, request.$ref])) },
  });
  contract.components = { ...contract.components, schemas: components.schemas };
  return contract;
}

/**
 * The route's `cron` (one expression or a list of them) with each expression a component held to
 * {@link DOCUMENTED_CRON_PATTERN}, whose description names what else the API takes.
 */
function documentedCron(components: ComponentSchemas, routeCron: Schema): Schema {
  const variants = routeCron.anyOf as Schema[] | undefined;
  const single = variants?.find((variant) => variant.type === 'string');
  const list = variants?.find((variant): variant is OpenAPIV3.ArraySchemaObject => variant.type === 'array');
  if (!single || !list) throw new Error('POST /schedules documents no cron expression or list of them');
  const expression = components.add(components.freeName([CRON_COMPONENT]), {
    ...single,
    pattern: DOCUMENTED_CRON_PATTERN,
    description:
      'Standard 5-field cron in UTC (minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-7, 0 and 7 being Sunday), ' +
      'each field a list of `*`, a number or a range `low-high`, each with an optional step `/n`: `0 3 * * *`, `*/15 9-17 * * 1-5`. ' +
      'The API also takes what else Temporal reads, which this pattern leaves out: month and weekday names, 6 fields with a year ' +
      'or 7 with seconds first, `@yearly`, `@monthly`, `@weekly`, `@daily`, `@hourly`, `@every <duration>`, a `CRON_TZ=<zone> ` prefix; ' +
      'Temporal refuses the rest (400 `invalid_cron` with its reason)',
  });
  return { description: routeCron.description, anyOf: [expression, { ...list, items: expression }] };
}

/** The JSON media of an operation's request body; throws if the route lost it (a broken contract is a bug, never a silent gap). */
function jsonMedia(document: OpenAPIV3.Document, [path, method]: readonly [string, 'post']): OpenAPIV3.MediaTypeObject {
  const body = document.paths[path]?.[method]?.requestBody;
  const media = body && 'content' in body ? body.content['application/json'] : undefined;
  if (!media?.schema) throw new Error(`the OpenAPI document has no JSON body for ${method} ${path}`);
  return media;
}
