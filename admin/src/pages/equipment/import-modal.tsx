import { useQueryClient } from '@tanstack/react-query';
import { EQUIPMENT_IMPORT_COLUMNS } from '@yuanan/contracts';
import type { EquipmentImportResult } from '../../api/equipment-queries.ts';
import { useScope } from '../../api/keys.ts';
import { useApi } from '../../auth/session.tsx';
import { ExcelImportModal } from '../../components/excel-import-modal.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { eqMessages } from './messages.ts';

/**
 * Excel import of units (like the enterprise import, simpler and synchronous): the file is checked first (a dry
 * run: nothing written) and the report lists every refused cell by row and column; only a clean file can be
 * imported, and the import writes every row or none.
 */
export function ImportModal({ onClose }: { onClose: () => void }) {
  const t = useMessages(eqMessages);
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  return (
    <ExcelImportModal<EquipmentImportResult>
      t={t}
      columns={EQUIPMENT_IMPORT_COLUMNS}
      subject={{ title: t('assetTag'), of: (r) => r.assetTag }}
      send={(f, commit) => api.equipment.units.import(f, commit, f.name)}
      onImported={() => void qc.invalidateQueries({ queryKey: [scope, 'equipment'] })}
      onClose={onClose}
      testId="eq"
    />
  );
}
