import Form from '@rjsf/core';
import type { ErrorSchema, RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useEffect, useState } from 'react';
import type { SubmitAnswer, TaskType } from '../../../src/client/answers';
import { ConveyorApiError } from '../../../src/client/errors';
import { useSession } from '../api-context';
import { ErrorState, Loading } from '../components/States';
import { errorText } from '../format';
import { navigate, queryString, type Location } from '../router';
import { serverErrorsByField } from '../server-errors';

/** The JSON Schema of a type's parameters as the form reads it: the draft's `$schema` (2020-12, which the form's validator does not load) left out. */
function formSchema(type: TaskType): RJSFSchema {
  const schema: Record<string, unknown> = { ...type.parameters };
  delete schema.$schema;
  return schema as RJSFSchema;
}

/**
 * /admin/submit: a form generated from the task type's JSON Schema (GET /tasks/types: fields,
 * defaults, enums, nested values). The API validates: its messages show next to the fields they name.
 */
export default function Submit({ location }: { location: Location }) {
  const { api, me } = useSession();
  const [types, setTypes] = useState<TaskType[]>();
  const [loadError, setLoadError] = useState<string>();
  const chosen = location.query.get('type') ?? '';
  const type = types?.find((t) => t.name === chosen) ?? types?.[0];
  const [parameters, setParameters] = useState<Record<string, unknown>>({});
  const [queue, setQueue] = useState('');
  const [priority, setPriority] = useState('');
  const [mode, setMode] = useState('');
  const [fairnessKey, setFairnessKey] = useState('');
  const [debounce, setDebounce] = useState('');
  const [maxWait, setMaxWait] = useState('');
  const [fieldErrors, setFieldErrors] = useState<ErrorSchema>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api.request<{ types: TaskType[] }>('GET', '/tasks/types').then(
      (answer) => setTypes(answer.body.types),
      (failure: unknown) => setLoadError(errorText(failure)),
    );
  }, [api]);
  useEffect(() => {
    setParameters({});
    setFieldErrors(undefined);
    setError(undefined);
  }, [type?.name]);

  if (loadError) return <ErrorState>Could not load the task types: {loadError}</ErrorState>;
  if (!types || !type) return <Loading what="task types" />;

  const submit = async (formData: Record<string, unknown>) => {
    setBusy(true);
    setFieldErrors(undefined);
    setError(undefined);
    try {
      const body = {
        task_name: type.name,
        parameters: formData,
        ...(queue.trim() ? { queue: queue.trim() } : {}),
        ...(priority ? { priority: Number(priority) } : {}),
        ...(mode ? { mode } : {}),
        ...(fairnessKey.trim() ? { fairness_key: fairnessKey.trim() } : {}),
        ...(debounce.trim() ? { debounce: maxWait.trim() ? { window: debounce.trim(), max_wait: maxWait.trim() } : debounce.trim() } : {}),
      };
      const answer = await api.request<SubmitAnswer>('POST', '/tasks', { body });
      // A singleton that met its running task: that task's page says the submit joined it.
      navigate(`/tasks/${encodeURIComponent(answer.body.task_id)}${answer.body.existing ? queryString({ existing: 1 }) : ''}`);
    } catch (failure) {
      const byField = failure instanceof ConveyorApiError ? serverErrorsByField(failure.details) : undefined;
      if (byField?.parameters) setFieldErrors(byField.parameters);
      setError(byField?.others.length ? byField.others.join('; ') : errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="submit-heading" className="submit">
      <h1 id="submit-heading">Submit a task</h1>
      <label>
        Task type
        <select value={type.name} onChange={(e) => navigate(`/submit${queryString({ type: e.target.value })}`, { replace: true })}>
          {types.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      {type.description ? <p className="note">{type.description}</p> : null}
      <div className="row">
        <label>
          Queue
          <input value={queue} onChange={(e) => setQueue(e.target.value)} placeholder={type.queue} />
        </label>
        <label>
          Priority
          <select value={priority} onChange={(e) => setPriority(e.target.value)}>
            <option value="">default (3)</option>
            {[1, 2, 3, 4, 5].map((p) => (
              <option key={p} value={p}>
                {p}
                {p === 1 ? ' (first)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Mode
          <select value={mode} onChange={(e) => setMode(e.target.value)}>
            <option value="">default ({type.flow_control.mode})</option>
            <option value="start">start: always a new task</option>
            <option value="singleton">singleton: join the running one of its key</option>
          </select>
        </label>
        <label>
          Debounce
          <input value={debounce} onChange={(e) => setDebounce(e.target.value)} placeholder={type.flow_control.debounce ? `default ${type.flow_control.debounce.window_ms / 1000}s` : 'e.g. 30s'} />
        </label>
        {debounce.trim() ? (
          <label>
            Max wait
            <input value={maxWait} onChange={(e) => setMaxWait(e.target.value)} placeholder="e.g. 5m" />
          </label>
        ) : null}
        {me.role === 'admin' ? (
          <label>
            Fairness key
            <input value={fairnessKey} onChange={(e) => setFairnessKey(e.target.value)} placeholder={type.flow_control.fairness_key === 'parameters' ? 'from its parameters' : 'your name'} />
          </label>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      <Form
        key={type.name}
        schema={formSchema(type)}
        validator={validator}
        formData={parameters}
        onChange={(event) => setParameters((event.formData ?? {}) as Record<string, unknown>)}
        onSubmit={(event) => void submit((event.formData ?? {}) as Record<string, unknown>)}
        extraErrors={fieldErrors}
        // The API is the one judge of parameters (its schema has rules JSON Schema cannot say): its messages are the ones shown.
        noValidate
        noHtml5Validate
        // An optional list starts empty, not with an empty first item its `minItems` would ask for.
        experimental_defaultFormStateBehavior={{ arrayMinItems: { populate: 'requiredOnly' } }}
        showErrorList={false}
        disabled={busy}
        idPrefix="param"
      >
        <button type="submit" disabled={busy}>
          Submit {type.name}
        </button>
      </Form>
    </section>
  );
}
