import type { OpenAPIV3 } from 'openapi-types';
import type { AnyTaskDefinition } from '../../tasks/define-task';
import type { TaskRegistry } from '../../tasks/registry';
import { ComponentSchemas } from './component-schemas';

/** The operations that take a task's parameters: the submit route and its alias. */
const SUBMIT_OPERATIONS = [
  ['/tasks', 'post'],
  ['/tasks/submit', 'post'],
] as const;
/** The operation that hands back a task's result. */
const RESULT_OPERATION = ['/tasks/{id}/result', 'get'] as const;
/** The components each task type adds, named `<task>.<suffix>`. */
const TASK_COMPONENTS = ['Parameters', 'Result', 'SubmitRequest'];
/** The component holding the union of every task type's submit request. */
const SUBMIT_REQUEST_COMPONENT = 'SubmitTaskRequest';

/**
 * The OpenAPI document with each task type's contract in it, built from the registry the API
 * serves: a submit request per task type (its `parameters` from the task's input schema), joined
 * in one union discriminated by `task_name`, with an example request per task for the docs page;
 * and the result of `GET /tasks/{id}/result` as one of the tasks' result schemas.
 *
 * Only the document changes: requests are still checked by the submit route's own schema and the
 * registry, so an unknown task name and bad parameters answer as before (400 listing the known
 * tasks; 422 naming each field).
 */
export function withTaskContract(document: OpenAPIV3.Document, registry: TaskRegistry): OpenAPIV3.Document {
  const contract = structuredClone(document);
  const components = new ComponentSchemas(contract.components?.schemas);
  const submitBodies = SUBMIT_OPERATIONS.map(([path, method]) => {
    const body = contract.paths[path]?.[method]?.requestBody;
    return jsonMedia(body && 'content' in body ? body.content : undefined, `${method} ${path}`);
  });
  const [resultPath, resultMethod] = RESULT_OPERATION;
  const resultAnswer = contract.paths[resultPath]?.[resultMethod]?.responses['200'];
  const resultBody = jsonMedia(resultAnswer && 'content' in resultAnswer ? resultAnswer.content : undefined, `${resultMethod} ${resultPath} 200`);

  // The submit route's own body (queue, workflow_id, delay, ...) is every task type's envelope.
  const envelope = submitBodies[0]!.schema as OpenAPIV3.SchemaObject;
  const tasks = registry.list().map((task) => addTaskComponents(components, registry, task, envelope));

  const union = components.add(components.freeName([SUBMIT_REQUEST_COMPONENT]), {
    description: 'A task to submit: one task type, its parameters, and how to run it',
    oneOf: tasks.map(({ request }) => request),
    discriminator: { propertyName: 'task_name', mapping: Object.fromEntries(tasks.map(({ name, request }) => [name, request.$ref])) },
  });
  const examples: Record<string, OpenAPIV3.ExampleObject> = Object.fromEntries(
    tasks.map(({ name, description, example }) => [name, { summary: name, description, value: example }]),
  );
  for (const body of submitBodies) {
    body.schema = union;
    body.examples = examples;
    delete body.example;
  }

  const resultSchema = resultBody.schema as OpenAPIV3.SchemaObject;
  resultSchema.properties = {
    ...resultSchema.properties,
    // In the registry's order, like the union's variants.
    result: { description: "What the task's workflow returned: the result schema of its task type", anyOf: tasks.map(({ result }) => result) },
  };

  contract.components = { ...contract.components, schemas: components.schemas };
  return contract;
}

/** Adds one task type's components: its parameters, its result, and its submit request (`envelope` with its name and parameters). */
function addTaskComponents(components: ComponentSchemas, registry: TaskRegistry, task: AnyTaskDefinition, envelope: OpenAPIV3.SchemaObject) {
  const key = components.freeName([task.name], TASK_COMPONENTS);
  const parameters = components.addZod(`${key}.Parameters`, task.input);
  const result = task.result
    ? components.addZod(`${key}.Result`, task.result)
    : components.add(`${key}.Result`, { description: `${task.name} declares no result schema: any JSON value` });
  const example = { task_name: task.name, parameters: registry.exampleParameters(task.name) };
  const request = components.add(`${key}.SubmitRequest`, {
    ...envelope,
    title: task.name,
    description: task.description,
    example,
    properties: {
      ...envelope.properties,
      task_name: { type: 'string', enum: [task.name], description: 'The task type' },
      parameters,
    },
    // Parameters may be left out only where the task's schema accepts none.
    required: [...new Set([...(envelope.required ?? []), 'task_name', ...(task.input.safeParse({}).success ? [] : ['parameters'])])],
  });
  return { name: task.name, description: task.description, request, result, example };
}

/** The JSON media of a request or response body; throws if the route lost it (a broken contract is a bug, never a silent gap). */
function jsonMedia(content: Record<string, OpenAPIV3.MediaTypeObject> | undefined, where: string): OpenAPIV3.MediaTypeObject {
  const media = content?.['application/json'];
  if (!media?.schema) throw new Error(`the OpenAPI document has no JSON body for ${where}`);
  return media;
}
