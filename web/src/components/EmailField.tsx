import { Field } from './Field';

/** The account's email, as sign-in and password reset ask for it (the browser may fill it). */
export function EmailField({
  value,
  onChange,
}: {
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field label="Email">
      <input
        type="email"
        name="email"
        autoComplete="username"
        required
        autoFocus
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
