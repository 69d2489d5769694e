import { Select, type SelectProps } from '@mantine/core';
import { useMemo } from 'react';
import { COUNTRY_CODES } from '../../../shared/countries.js';
import { countryName } from '../format.js';

export type CountrySelectProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  /** A two-letter code, or '' for none. */
  value: string;
  onChange: (code: string) => void;
};

/** A country by its name, searchable as typed ("germ", "deu" or the code "DE"); the value is the ISO code. */
export function CountrySelect({ value, onChange, ...props }: CountrySelectProps) {
  const data = useMemo(
    () =>
      COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code) })).sort((a, b) =>
        a.label.localeCompare(b.label),
      ),
    [],
  );
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value === '' ? null : value}
      onChange={(code) => onChange(code ?? '')}
      nothingFoundMessage="No country by that name"
      filter={({ options, search }) => {
        const wanted = search.trim().toLowerCase();
        if (wanted === '') return options;
        return options.filter((option) => {
          if (!('value' in option)) return false;
          return option.label.toLowerCase().includes(wanted) || option.value.toLowerCase() === wanted;
        });
      }}
      {...props}
    />
  );
}
