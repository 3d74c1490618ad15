import { humanize } from './format';

export type Option = string | { value: string; label: string };

/** `<option>`s for a select: plain values are shown humanized (`in_progress` → In progress). */
export function Options({ options }: { options: readonly Option[] }) {
  return (
    <>
      {options.map((option) => {
        const { value, label } =
          typeof option === 'string' ? { value: option, label: humanize(option) } : option;
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </>
  );
}
