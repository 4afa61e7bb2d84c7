'use client';

/** Problems of a form, announced when they appear. */
export function FormErrors({ errors }: { errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <div role="alert" className="form-errors">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}

/** `Edit` and `Delete` of a list row. */
export function RowActions({ onEdit, onDelete }: { onEdit: () => void; onDelete: () => void }) {
  return (
    <span className="row-actions">
      <button type="button" onClick={onEdit}>
        Edit
      </button>
      <button type="button" className="danger" onClick={onDelete}>
        Delete
      </button>
    </span>
  );
}

/** The question before anything is deleted. */
export function ConfirmDelete({ question, onConfirm, onCancel }: { question: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div className="confirm" role="alertdialog" aria-label={question}>
      <p>{question}</p>
      <button type="button" className="danger" onClick={onConfirm}>
        Yes, delete
      </button>
      <button type="button" onClick={onCancel}>
        Keep
      </button>
    </div>
  );
}
