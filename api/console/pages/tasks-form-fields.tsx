import type { VNode } from 'preact';
import type { Request, Response } from 'express';
import type { ApiAnswer, Problem } from '../console-api';
import { fieldError } from '../layout';

/** What a person typed in a form, as strings (the CSRF token left out): kept to fill the form again after a refusal. */
export type FormValues = Record<string, string>;

export function formValues(req: Request): FormValues {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body)) {
    if (name !== '_csrf' && typeof value === 'string') values[name] = value;
  }
  return values;
}

/** A typed value, trimmed; an empty input says nothing (the field is left out of the API's body). */
export function typed(values: FormValues, name: string): string | undefined {
  const value = values[name]?.trim();
  return value ? value : undefined;
}

/** A form the API refused: which form, what was typed in it, and the API's problem. */
export interface Refusal {
  form: string;
  values: FormValues;
  problem: Problem;
  status: number;
}

/** The refusal to show when the API refused, else undefined (the caller redirects). */
export function refusalOf(form: string, values: FormValues, answer: ApiAnswer<unknown>): Refusal | undefined {
  if (answer.ok) return undefined;
  const problem = answer.problem ?? { title: 'Refused', status: answer.status };
  return { form, values, problem, status: answer.status };
}

/** Back to the page, saying which action was done (Post/Redirect/Get: a reload never repeats it). */
export function redirectDone(res: Response, path: string, action: string): void {
  res.redirect(303, `${path}${path.includes('?') ? '&' : '?'}done=${encodeURIComponent(action)}`);
}

/** The action named by `?done=`, when it is one this page knows. */
export function doneAction<K extends string>(req: Request, known: Record<K, string>): string | undefined {
  const done = typeof req.query.done === 'string' ? req.query.done : undefined;
  return done !== undefined && Object.hasOwn(known, done) ? known[done as K] : undefined;
}

export function DoneNotice(props: { message: string | undefined }): VNode | null {
  return props.message ? (
    <p class="notice" role="status">
      {props.message}
    </p>
  ) : null;
}

interface FieldProps {
  /** The form this input belongs to: its values and errors are shown only when that form was refused. */
  form: string;
  refusal: Refusal | undefined;
  name: string;
  label: string;
  /** The API field the input feeds, when it differs from its name (errors are matched on it); `*`: the whole body. */
  field?: string;
  type?: string;
  required?: boolean;
  hint?: string;
  value?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  placeholder?: string;
}

function fieldState(props: FieldProps) {
  const id = `${props.form}-${props.name}`;
  const mine = props.refusal?.form === props.form ? props.refusal : undefined;
  const error = mine ? errorFor(mine.problem, props.field ?? props.name) : undefined;
  const value = mine ? (mine.values[props.name] ?? '') : (props.value ?? '');
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { id, error, value, described: described || undefined };
}

/** The API's message for one field; for an input holding the whole body (`*`), every message, or the summary. */
function errorFor(problem: Problem, field: string): string | undefined {
  if (field !== '*') return fieldError(problem, field);
  const messages = (problem.errors ?? []).map((issue) => issue.message);
  return messages.length ? messages.join(' · ') : (problem.detail ?? problem.title);
}

function Help(props: { id: string; hint?: string | undefined; error?: string | undefined }): VNode {
  return (
    <>
      {props.hint && <small id={`${props.id}-hint`}>{props.hint}</small>}
      {props.error && (
        <small id={`${props.id}-error`} class="error">
          {props.error}
        </small>
      )}
    </>
  );
}

/** A labelled input; the API's message for its field under it, tied with aria-describedby. */
export function Field(props: FieldProps): VNode {
  const { id, error, value, described } = fieldState(props);
  return (
    <>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={value}
        required={props.required}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        aria-describedby={described}
        aria-invalid={error ? 'true' : undefined}
      />
      <Help id={id} hint={props.hint} error={error} />
    </>
  );
}

export function TextAreaField(props: FieldProps & { rows?: number }): VNode {
  const { id, error, value, described } = fieldState(props);
  return (
    <>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        required={props.required}
        aria-describedby={described}
        aria-invalid={error ? 'true' : undefined}
      >
        {value}
      </textarea>
      <Help id={id} hint={props.hint} error={error} />
    </>
  );
}

export function SelectField(props: FieldProps & { options: [string, string][] }): VNode {
  const { id, error, value, described } = fieldState(props);
  return (
    <>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        required={props.required}
        aria-describedby={described}
        aria-invalid={error ? 'true' : undefined}
      >
        {props.options.map(([option, text]) => (
          <option key={option} value={option} selected={option === value}>
            {text}
          </option>
        ))}
      </select>
      <Help id={id} hint={props.hint} error={error} />
    </>
  );
}

/** Days between a due date and today (UTC calendar days); 0 when not yet due. */
export function daysLate(dueDate: string, now: Date): number {
  const due = Date.parse(`${dueDate.slice(0, 10)}T00:00:00Z`);
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(due) ? 0 : Math.max(0, Math.round((today - due) / 86_400_000));
}
