import { useState } from 'react';
import { ApiError, apiSend } from '../../../lib/api';
import { PUBLIC } from '../../../components/publicApi';

export interface ScoreDraft {
  readonly name: string;
  readonly value: string;
  readonly comment: string;
}

/** The POST /api/public/scores body for a hand-added score: numbers are NUMERIC, other text CATEGORICAL. */
export function scoreRequest(draft: ScoreDraft, traceId: string, observationId: string | null): Record<string, unknown> {
  const text = draft.value.trim();
  const number = Number(text);
  const numeric = text !== '' && Number.isFinite(number);
  return {
    traceId,
    ...(observationId === null ? {} : { observationId }),
    name: draft.name.trim(),
    value: numeric ? number : text,
    dataType: numeric ? 'NUMERIC' : 'CATEGORICAL',
    ...(draft.comment.trim() === '' ? {} : { comment: draft.comment.trim() }),
  };
}

/** Annotation: a person scores the trace (or the selected observation) by hand. */
export function AddScoreForm({ traceId, observationId, onAdded }: { traceId: string; observationId: string | null; onAdded: () => void }) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<ScoreDraft>({ name: '', value: '', comment: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const valid = draft.name.trim() !== '' && draft.value.trim() !== '';

  if (!open) {
    return (
      <button type="button" className="button" data-testid="add-score" onClick={() => setOpen(true)}>
        + Add score
      </button>
    );
  }
  const submit = async () => {
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      await apiSend('POST', `${PUBLIC}/scores`, scoreRequest(draft, traceId, observationId));
      setDraft({ name: '', value: '', comment: '' });
      setOpen(false);
      onAdded();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="score-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="muted">Score {observationId === null ? 'this trace' : 'the selected observation'}. A number is stored as NUMERIC, text as CATEGORICAL.</p>
      <input data-testid="score-name" aria-label="Score name" placeholder="name, e.g. correctness" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
      <input data-testid="score-value" aria-label="Score value" placeholder="value, e.g. 0.9 or good" value={draft.value} onChange={(e) => setDraft({ ...draft, value: e.target.value })} />
      <input aria-label="Comment" placeholder="comment (optional)" value={draft.comment} onChange={(e) => setDraft({ ...draft, comment: e.target.value })} />
      <div className="score-form__actions">
        <button type="submit" className="button button--primary" data-testid="score-submit" disabled={!valid || busy}>
          {busy ? 'Saving…' : 'Save score'}
        </button>
        <button type="button" className="button button--quiet" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {error === null ? null : (
        <p className="form-error" role="alert">
          The score was not saved: {error}
        </p>
      )}
    </form>
  );
}
