import { Field } from './Field';

/** A search box that applies on Enter (and on leaving it), for filters kept in the URL. */
export function SearchField({
  value,
  placeholder,
  onSearch,
}: {
  value: string;
  placeholder: string;
  onSearch: (value: string) => void;
}) {
  return (
    <Field label="Search">
      <input
        type="search"
        defaultValue={value}
        placeholder={placeholder}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onSearch(e.currentTarget.value.trim());
        }}
        onBlur={(e) => onSearch(e.currentTarget.value.trim())}
      />
    </Field>
  );
}
