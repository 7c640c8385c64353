/** A secret the server shows only now (a webhook's signing secret, an API key). */
export function ShownOnce(props: { label: string; value: string; onDone: () => void }) {
  return (
    <div class="once" role="status">
      <p>
        <strong>{props.label}</strong>: copy it now, it will not be shown again.
      </p>
      <input
        type="text"
        readOnly
        value={props.value}
        aria-label={props.label}
        onFocus={(event) => event.currentTarget.select()}
      />
      <button type="button" onClick={() => void navigator.clipboard?.writeText(props.value)}>
        Copy
      </button>
      <button type="button" onClick={props.onDone}>
        Done
      </button>
    </div>
  );
}
