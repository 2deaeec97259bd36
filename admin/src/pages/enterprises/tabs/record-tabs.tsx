import { Alert, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Switch, Tag } from 'antd';
import { SPECIAL_EQUIPMENT_CATEGORIES, SPECIAL_OPERATION_CATEGORIES } from '@yuanan/contracts';
import type { Certificate, Contact, Supply, TeamMember } from '../../../api/types.ts';
import { fmtDate } from '../../../components/time.ts';
import { useI18n } from '../../../i18n/i18n.tsx';
import { useMessages } from '../../../i18n/feature.ts';
import { certKindLabel } from '../labels.ts';
import { entMessages } from '../messages.ts';
import { fromDay, orNull, RecordTable, toDay } from '../record-table.tsx';

interface TabProps {
  enterpriseId: string;
  canWrite: boolean;
}

const req = [{ required: true, whitespace: true }];

export function ContactsTab({ enterpriseId, canWrite }: TabProps) {
  const t = useMessages(entMessages);
  return (
    <RecordTable<Contact>
      enterpriseId={enterpriseId}
      kind="contacts"
      title={t('tabContacts')}
      canWrite={canWrite}
      testId="contacts"
      columns={[
        { title: t('contactName'), dataIndex: 'name', width: 140 },
        { title: t('contactTitle'), dataIndex: 'title', width: 180, render: (v) => v ?? '—' },
        { title: t('contactPhone'), dataIndex: 'phone', width: 160, render: (v) => v ?? '—' },
        {
          title: t('emergencyContact'),
          dataIndex: 'isEmergencyContact',
          render: (v: boolean) => (v ? <Tag color="red">{t('emergencyContact')}</Tag> : '—'),
        },
      ]}
      initialValues={{ isEmergencyContact: false }}
      toBody={(v) => ({
        name: v.name,
        title: orNull(v.title),
        phone: orNull(v.phone),
        isEmergencyContact: !!v.isEmergencyContact,
      })}
      fields={() => (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('contactName')} rules={req}>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="title" label={t('contactTitle')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('contactPhone')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="isEmergencyContact" label={t('emergencyContact')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
      )}
    />
  );
}

export function CertificatesTab({ enterpriseId, canWrite }: TabProps) {
  const t = useMessages(entMessages);
  const { lang } = useI18n();
  const state = (s: Certificate['state']) =>
    s === 'expired' ? (
      <Tag color="red">{t('certExpired')}</Tag>
    ) : s === 'expiring' ? (
      <Tag color="orange">{t('certExpiring')}</Tag>
    ) : (
      <Tag color="green">{t('certValid')}</Tag>
    );
  return (
    <RecordTable<Certificate>
      enterpriseId={enterpriseId}
      kind="certificates"
      title={t('tabCertificates')}
      canWrite={canWrite}
      testId="certificates"
      above={(rows) => {
        const n = rows.filter((r) => r.state === 'expired').length;
        return n ? <Alert type="error" showIcon title={t('certExpiredCount', { n })} style={{ marginBottom: 12 }} /> : null;
      }}
      rowClassName={(r) => (r.state === 'expired' ? 'row-danger' : '')}
      columns={[
        { title: t('certPerson'), dataIndex: 'personName', width: 100 },
        { title: t('certKind'), dataIndex: 'certKind', width: 100, render: (v: string) => certKindLabel(v, lang) },
        { title: t('certCategory'), dataIndex: 'category', width: 170 },
        { title: t('certNumber'), dataIndex: 'certNumber', width: 200, render: (v: string) => <span className="mono">{v}</span> },
        { title: t('certPost'), dataIndex: 'post', width: 120, render: (v) => v ?? '—' },
        { title: t('certIssued'), dataIndex: 'issuedOn', width: 110, render: (v: string) => fmtDate(v) },
        { title: t('certExpires'), dataIndex: 'expiresOn', width: 110, render: (v: string) => fmtDate(v) },
        { title: t('certReview'), dataIndex: 'reviewDueOn', width: 110, render: (v: string | null) => fmtDate(v) },
        { title: t('certState'), dataIndex: 'state', width: 90, render: state },
      ]}
      initialValues={{ certKind: 'special_operation' }}
      toForm={(r) => ({ ...r, issuedOn: toDay(r.issuedOn), expiresOn: toDay(r.expiresOn), reviewDueOn: toDay(r.reviewDueOn) })}
      toBody={(v) => ({
        personName: v.personName,
        certKind: v.certKind,
        category: v.category,
        certNumber: String(v.certNumber ?? '').trim(),
        post: orNull(v.post),
        issuedOn: fromDay(v.issuedOn as never),
        expiresOn: fromDay(v.expiresOn as never),
        reviewDueOn: fromDay(v.reviewDueOn as never),
      })}
      fields={(form) => (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="personName" label={t('certPerson')} rules={req}>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="certKind" label={t('certKind')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                onChange={() => form.setFieldValue('category', undefined)}
                options={[
                  { value: 'special_operation', label: certKindLabel('special_operation', lang) },
                  { value: 'special_equipment', label: certKindLabel('special_equipment', lang) },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item noStyle dependencies={['certKind']}>
              {({ getFieldValue }) => (
                <Form.Item name="category" label={t('certCategory')} rules={[{ required: true }]}>
                  <Select
                    showSearch
                    options={(getFieldValue('certKind') === 'special_equipment'
                      ? SPECIAL_EQUIPMENT_CATEGORIES
                      : SPECIAL_OPERATION_CATEGORIES
                    ).map((c) => ({ value: c, label: c }))}
                  />
                </Form.Item>
              )}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="certNumber" label={t('certNumber')} rules={[{ required: true, min: 4 }]}>
              <Input maxLength={40} className="mono" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="post" label={t('certPost')}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="issuedOn" label={t('certIssued')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="expiresOn" label={t('certExpires')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="reviewDueOn" label={t('certReview')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      )}
    />
  );
}

export function SuppliesTab({ enterpriseId, canWrite }: TabProps) {
  const t = useMessages(entMessages);
  return (
    <RecordTable<Supply>
      enterpriseId={enterpriseId}
      kind="supplies"
      title={t('tabSupplies')}
      canWrite={canWrite}
      testId="supplies"
      rowClassName={(r) => (r.expired || r.belowMinimum ? 'row-warn' : '')}
      columns={[
        { title: t('supCode'), dataIndex: 'code', width: 100, render: (v) => (v ? <span className="mono">{v}</span> : '—') },
        { title: t('supName'), dataIndex: 'name', width: 180 },
        {
          title: t('supQty'),
          dataIndex: 'quantity',
          width: 100,
          align: 'right',
          render: (v: number, r) => `${v} ${r.unit}`,
        },
        { title: t('supMin'), dataIndex: 'minimumStock', width: 100, align: 'right', render: (v: number | null) => v ?? '—' },
        { title: t('supLocation'), dataIndex: 'location', width: 180, render: (v: string) => v || '—' },
        { title: t('supExpires'), dataIndex: 'expiresOn', width: 110, render: (v: string | null) => fmtDate(v) },
        {
          title: t('supState'),
          key: 'state',
          width: 160,
          render: (_: unknown, r) =>
            r.expired || r.belowMinimum ? (
              <>
                {r.expired && <Tag color="red">{t('supExpired')}</Tag>}
                {r.belowMinimum && <Tag color="orange">{t('supBelow')}</Tag>}
              </>
            ) : (
              <Tag color="green">{t('supOk')}</Tag>
            ),
        },
      ]}
      toForm={(r) => ({ ...r, expiresOn: toDay(r.expiresOn) })}
      toBody={(v) => ({
        code: orNull(v.code),
        name: v.name,
        quantity: v.quantity,
        unit: v.unit,
        location: String(v.location ?? '').trim(),
        expiresOn: fromDay(v.expiresOn as never),
        minimumStock: v.minimumStock ?? null,
      })}
      fields={() => (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('supName')} rules={req}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="code" label={t('supCode')} rules={[{ pattern: /^\d{7}$/, message: t('supCodePh') }]}>
              <Input maxLength={7} placeholder={t('supCodePh')} className="mono" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="quantity" label={t('supQty')} rules={[{ required: true }]}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="unit" label={t('supUnit')} rules={req}>
              <Input maxLength={10} placeholder="个 / 套 / 具" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="minimumStock" label={t('supMin')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="location" label={t('supLocation')}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="expiresOn" label={t('supExpires')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      )}
    />
  );
}

export function TeamTab({ enterpriseId, canWrite }: TabProps) {
  const t = useMessages(entMessages);
  return (
    <RecordTable<TeamMember>
      enterpriseId={enterpriseId}
      kind="team"
      title={t('tabTeam')}
      canWrite={canWrite}
      testId="team"
      columns={[
        { title: t('teamName'), dataIndex: 'name', width: 120 },
        { title: t('teamRole'), dataIndex: 'role', width: 120 },
        { title: t('teamPhone'), dataIndex: 'phone', width: 150, render: (v) => v ?? '—' },
        { title: t('teamSkills'), dataIndex: 'skills', render: (v) => v ?? '—' },
      ]}
      toBody={(v) => ({ name: v.name, role: v.role, phone: orNull(v.phone), skills: orNull(v.skills) })}
      fields={() => (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('teamName')} rules={req}>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="role" label={t('teamRole')} rules={req}>
              <Input maxLength={20} placeholder="队长 / 队员" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="phone" label={t('teamPhone')}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="skills" label={t('teamSkills')}>
              <Input.TextArea maxLength={200} rows={2} />
            </Form.Item>
          </Col>
        </Row>
      )}
    />
  );
}
