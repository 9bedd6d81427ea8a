import { useTranslation } from 'react-i18next';
import { SelectField, choices, type Kit, type Values } from '../shared/form-kit';

/** How the lock opens for the card: once per swipe, or held open. */
export function OpentypeField<V extends Values & { opentype: string }>({ kit }: { kit: Kit<V> }) {
  const { t } = useTranslation();
  return (
    <SelectField
      kit={kit}
      name="opentype"
      label={t('fields.opentype')}
      options={choices(['single', 'normally-open'], (v) => t(`issue.opentypes.${v}`))}
    />
  );
}
