/**
 * The import/export workbook: one sheet per kind of record, columns by Chinese header. Export writes exactly
 * these sheets, so an exported file can be edited and imported again.
 */
export type ColumnType = 'text' | 'int' | 'number' | 'bool' | 'date' | 'tags' | 'grid' | 'enum';

export interface Column {
  key: string;
  label: string;
  required?: boolean;
  type: ColumnType;
  /** For enum columns: label in the sheet → value. */
  values?: Record<string, string>;
  note?: string;
  width?: number;
}

export interface SheetDef {
  kind: 'enterprises' | 'certificates' | 'chemicals' | 'supplies' | 'contacts';
  name: string;
  columns: Column[];
}

export const CREDIT = {
  key: 'creditCode',
  label: '统一社会信用代码',
  required: true,
  type: 'text',
  width: 22,
} as const satisfies Column;

export const SHEETS: SheetDef[] = [
  {
    kind: 'enterprises',
    name: '企业',
    columns: [
      CREDIT,
      { key: 'name', label: '企业名称', required: true, type: 'text', width: 30 },
      { key: 'legalRepresentative', label: '法定代表人', type: 'text' },
      { key: 'principalName', label: '主要负责人', required: true, type: 'text' },
      { key: 'principalPhone', label: '主要负责人电话', type: 'text', width: 16 },
      { key: 'safetyManagerName', label: '安全管理人员', type: 'text' },
      { key: 'safetyManagerPhone', label: '安全管理人员电话', type: 'text', width: 16 },
      { key: 'industryCode', label: '行业代码', type: 'text', note: 'GB/T 4754，如 C3389' },
      { key: 'industryName', label: '行业名称', type: 'text', width: 20 },
      { key: 'ownership', label: '经济类型', type: 'text', note: '国有/集体/民营/股份制/中外合资/外资/港澳台/个体/其他' },
      { key: 'employees', label: '从业人员数', type: 'int' },
      { key: 'annualRevenue', label: '营业收入（万元）', type: 'number' },
      { key: 'annualOutput', label: '年产值（万元）', type: 'number' },
      { key: 'address', label: '地址', type: 'text', width: 36 },
      { key: 'lat', label: '纬度', type: 'number' },
      { key: 'lng', label: '经度', type: 'number' },
      { key: 'gridId', label: '网格', type: 'grid', note: '网格名称或编码' },
      { key: 'buildingStructure', label: '建筑结构', type: 'text', note: '钢结构/钢混/砖混/砖木/其他' },
      { key: 'hasSprinklers', label: '有无自动喷淋', type: 'bool', note: '是/否' },
      { key: 'landlordCreditCode', label: '厂中厂出租方信用代码', type: 'text', width: 22 },
      { key: 'standardisationLevel', label: '安全标准化等级', type: 'text', note: '一级/二级/三级/小微/未达标' },
      {
        key: 'keyPlaceTags',
        label: '重点场所标签',
        type: 'tags',
        note: '多个用顿号分隔，如：有限空间作业场所、喷涂作业场所',
        width: 30,
      },
      { key: 'peopleWithin500m', label: '周边500米内人数', type: 'int' },
    ],
  },
  {
    kind: 'certificates',
    name: '持证人员',
    columns: [
      CREDIT,
      { key: 'personName', label: '姓名', required: true, type: 'text' },
      {
        key: 'certKind',
        label: '证书类型',
        required: true,
        type: 'enum',
        values: { 特种作业: 'special_operation', 特种设备: 'special_equipment' },
        note: '特种作业/特种设备',
      },
      { key: 'category', label: '作业类别', required: true, type: 'text', width: 18 },
      { key: 'certNumber', label: '证号', required: true, type: 'text', width: 22 },
      { key: 'post', label: '岗位', type: 'text' },
      { key: 'issuedOn', label: '发证日期', required: true, type: 'date' },
      { key: 'expiresOn', label: '有效期至', required: true, type: 'date' },
    ],
  },
  {
    kind: 'chemicals',
    name: '危险化学品',
    columns: [
      CREDIT,
      { key: 'name', label: '品名', required: true, type: 'text', width: 18 },
      { key: 'cas', label: 'CAS号', type: 'text', width: 14 },
      { key: 'maxQuantity', label: '最大存量', required: true, type: 'number' },
      {
        key: 'unit',
        label: '单位',
        type: 'enum',
        values: { 吨: 't', t: 't', 千克: 'kg', kg: 'kg', 立方米: 'm3', m3: 'm3', 升: 'L', L: 'L' },
        note: '吨/千克/立方米/升，默认吨',
      },
      { key: 'unitName', label: '所属单元', type: 'text', note: '生产单元或储存单元，默认“全厂”' },
      { key: 'storagePlace', label: '存放地点', type: 'text' },
      { key: 'keySupervised', label: '重点监管', type: 'bool', note: '是/否' },
    ],
  },
  {
    kind: 'supplies',
    name: '应急物资',
    columns: [
      CREDIT,
      { key: 'code', label: '物资编码', type: 'text', note: 'GB/T 38565，7 位数字' },
      { key: 'name', label: '物资名称', required: true, type: 'text', width: 18 },
      { key: 'quantity', label: '数量', required: true, type: 'int' },
      { key: 'unit', label: '单位', required: true, type: 'text' },
      { key: 'location', label: '存放地点', type: 'text' },
      { key: 'expiresOn', label: '有效期至', type: 'date' },
      { key: 'minimumStock', label: '最低库存', type: 'int' },
    ],
  },
  {
    kind: 'contacts',
    name: '联系人',
    columns: [
      CREDIT,
      { key: 'name', label: '姓名', required: true, type: 'text' },
      { key: 'title', label: '职务', type: 'text' },
      { key: 'phone', label: '电话', type: 'text', width: 16 },
      { key: 'isEmergencyContact', label: '应急联系人', type: 'bool', note: '是/否' },
    ],
  },
];

/**
 * Bytes each row keeps alive while an import runs: the keys and row numbers kept for the cross-row checks
 * (duplicates, references to enterprises, masked phones). Measured 2026-11-30 by `npm run bench -- enterprises`
 * (figure import.retained_bytes_per_row, test/bench/enterprises.bench.ts --retained: a process with only the ORM) on
 * its 55,000-row workbook: 211 B/row (heap after a full GC at the last rows of the validation pass minus heap before,
 * less the shared-string table, over the rows; 236 B/row with the earlier saxes reader; samples taken inside the
 * bench process itself, next to an api, ranged 87–235 B). Doubled and rounded up for what one kind of row keeps
 * beyond the average (an enterprise's credit code → id in the write pass, a masked phone kept for the check against
 * the stored number). Together with IMPORT_MEMORY_BUDGET_MB it gives the row limit (see importRowLimit); everything
 * else an import holds is bounded (one batch of rows, one chunk of XML) or counted separately (the file, the
 * shared-string table). Re-measure when the validation state changes.
 */
export const IMPORT_BYTES_PER_ROW = 512;

/** The enterprise file's field labels (Chinese), keyed by field, as the import template heads its columns. */
export const ENTERPRISE_FIELD_LABELS: ReadonlyMap<string, string> = new Map(
  (SHEETS.find((s) => s.kind === 'enterprises')?.columns ?? []).map((c) => [c.key, c.label]),
);
