import { Field } from './Field';

/**
 * A password input with its label and the server's problem with it. `current` is the account's
 * password (the browser may fill it); otherwise a new one it may offer to generate and save.
 */
export function PasswordField({
  label,
  value,
  onChange,
  current = true,
  error,
  hint,
  autoFocus,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  current?: boolean;
  error?: string | undefined;
  hint?: string;
  autoFocus?: boolean;
}) {
  return (
    <Field label={label} error={error} {...(hint ? { hint } : {})}>
      <input
        type="password"
        name={current ? 'password' : undefined}
        autoComplete={current ? 'current-password' : 'new-password'}
        required
        autoFocus={autoFocus}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
