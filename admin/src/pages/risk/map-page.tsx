import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  List,
  Result,
  Segmented,
  Select,
  Skeleton,
  Space,
  Typography,
  Upload,
} from 'antd';
import { AimOutlined, CheckOutlined, DragOutlined, PictureOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorText } from '../../api/errors.ts';
import { useScope } from '../../api/keys.ts';
import { useRiskMap, useSetSitePlan } from '../../api/risk-queries.ts';
import type { MapData, Palette, RiskColour } from '../../api/types.ts';
import { hasPermission } from '../../auth/access.ts';
import { useApi, useSession } from '../../auth/session.tsx';
import { PageContainer } from '../../components/page-container.tsx';
import { QueryError } from '../../components/query-error.tsx';
import { COLOURS } from '../../components/risk-colour.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMessages } from '../../i18n/feature.ts';
import { useZoneLists } from '../enterprises/catalog.ts';
import { riskMessages } from './messages.ts';

type Marker = MapData['markers'][number];
type Cluster = MapData['clusters'][number];
type View = 'plan' | 'geo';
type ColourKey = RiskColour | 'none';

const NONE_COLOUR = '#8c8c8c';
const colourOf = (m: Marker, palette: Palette) => (m.colour ? palette[m.colour].color : NONE_COLOUR);
const round = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 10_000) / 10_000;

const ORDER: ColourKey[] = ['red', 'orange', 'yellow', 'blue', 'none'];

/** A cluster: its count in a ring split by colour (shares of the visible colours). */
function clusterIcon(c: Cluster, visible: ColourKey[], palette: Palette, n: number): L.DivIcon {
  let at = 0;
  const stops = visible
    .filter((k) => c.counts[k] > 0)
    .map((k) => {
      const from = at;
      at += (c.counts[k] / n) * 100;
      return `${k === 'none' ? NONE_COLOUR : palette[k].color} ${from}% ${at}%`;
    });
  const size = n < 100 ? 34 : n < 1000 ? 40 : 48;
  return L.divIcon({
    className: 'risk-cluster',
    html: `<span class="risk-cluster-ring" style="background:conic-gradient(${stops.join(',')})"><span>${n >= 10_000 ? `${Math.round(n / 1000)}k` : n}</span></span>`,
    iconSize: [size, size],
    iconAnchor: [size / 2, size / 2],
  });
}

/** 4 decimals of the view's units and ¼ zoom steps: small moves ask nothing new. */
const snap = (n: number, unit: number) => Math.round(n / unit) * unit;
const clampTo = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

function pinIcon(colour: string, selected: boolean): L.DivIcon {
  return L.divIcon({
    className: `risk-marker${selected ? ' risk-marker-focus' : ''}`,
    html: `<span class="risk-pin" style="--pin:${colour}"></span>`,
    iconSize: [26, 34],
    iconAnchor: [13, 32],
    tooltipAnchor: [0, -30],
  });
}

/**
 * 风险地图: the site plan (Leaflet CRS.Simple with the plan as an image overlay; markers at fractions of its
 * size) or a latitude/longitude map (the zone's tile layer when configured). Markers in the zone's palette;
 * click opens the file; positions can be dragged or placed by those who manage enterprises. A large zone comes
 * clustered for the visible area (the api's bounded answer): the page asks again when the view moves, and a
 * cluster click zooms into it.
 */
export function RiskMapPage() {
  const t = useMessages(riskMessages);
  const { lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const api = useApi();
  const scope = useScope();
  const qc = useQueryClient();
  const { effective } = useSession();
  const [sp, setSp] = useSearchParams();
  const focusId = sp.get('focus');
  const [view, setView] = useState<View | null>(null);
  // A clustered zone's visible area (with the view it belongs to); null until the map reports one.
  const [area, setArea] = useState<{ view: View; bbox: readonly [number, number, number, number]; zoom: number } | null>(null);
  const data = useRiskMap(area ?? (view ? { view } : {}));
  const setPlan = useSetSitePlan();
  const lists = useZoneLists();
  const canPlan = hasPermission(effective, 'tenant.settings.manage');
  const canSeeSettings = hasPermission(effective, 'tenant.settings.read');
  const settingsLink = canSeeSettings && (
    <Link to="/settings?tab=map" data-testid="map-settings-link">
      {t('openSettings')}
    </Link>
  );
  const canMove = hasPermission(effective, 'enterprises.manage');
  const [hidden, setHidden] = useState<Set<ColourKey>>(new Set());
  const [grid, setGrid] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState(false);
  const [placing, setPlacing] = useState<Marker | null>(null);
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const handlers = useRef({
    move: async (_m: Marker, _ll: L.LatLng) => undefined as void,
    click: (_ll: L.LatLng) => undefined as void,
    report: () => undefined as void,
  });

  const effectiveView: View = view ?? data.data?.view ?? 'plan';
  // While another view loads, the previous view's answer is not drawn.
  const d = data.data && data.data.view === effectiveView ? data.data : undefined;
  const palette = (d?.palette ?? {}) as Palette;
  const plan = d?.sitePlan ?? null;
  const clustered = !!d?.clustered;
  const clusteredRef = useRef(false);
  clusteredRef.current = clustered;
  const visibleColours = ORDER.filter((k) => !hidden.has(k));

  const filtered = useMemo(
    () =>
      (d?.markers ?? []).filter(
        (m) => !hidden.has(m.colour ?? 'none') && (!grid || m.gridId === grid) && (!q.trim() || m.name.includes(q.trim())),
      ),
    [d, hidden, grid, q],
  );
  const onMap = useMemo(
    () =>
      filtered.filter((m) => (effectiveView === 'plan' ? m.planX != null && m.planY != null : m.lat != null && m.lng != null)),
    [filtered, effectiveView],
  );
  // The api lists the first unplaced markers of the view and counts them all.
  const unplaced = d?.unplaced.items ?? [];
  const unplacedTotal = d?.unplaced.total ?? 0;
  const counts: Record<ColourKey, number> = d?.counts ?? { red: 0, orange: 0, yellow: 0, blue: 0, none: 0 };

  const toLatLng = (m: Marker): L.LatLngExpression =>
    effectiveView === 'plan' && plan ? [plan.height * (1 - m.planY!), plan.width * m.planX!] : [m.lat!, m.lng!];

  // Saving a position: the enterprise's current version, then the change (zone staff apply it directly).
  handlers.current.move = async (m: Marker, ll: L.LatLng) => {
    try {
      const e = await api.enterprises.get(m.id);
      const patch =
        effectiveView === 'plan' && plan
          ? { planX: round(ll.lng / plan.width), planY: round(1 - ll.lat / plan.height) }
          : { lat: Math.round(ll.lat * 1e6) / 1e6, lng: Math.round(ll.lng * 1e6) / 1e6 };
      await api.enterprises.update(m.id, { ...patch, version: e.version });
      message.success(t('positionSaved', { name: m.name }));
    } catch (err) {
      message.error(errorText(err));
    }
    void qc.invalidateQueries({ queryKey: [scope, 'risk', 'map'] });
    void qc.invalidateQueries({ queryKey: [scope, 'enterprise', m.id] });
  };
  handlers.current.click = (ll: L.LatLng) => {
    if (!placing) return;
    const m = placing;
    setPlacing(null);
    void handlers.current.move(m, ll);
  };

  // The map itself: made again when the view or the plan image changes.
  useEffect(() => {
    if (!el.current || !d) return;
    if (effectiveView === 'plan' && !plan) return;
    const m = L.map(el.current, {
      crs: effectiveView === 'plan' ? L.CRS.Simple : L.CRS.EPSG3857,
      zoomSnap: 0.25,
      attributionControl: false,
      minZoom: effectiveView === 'plan' ? -3 : 3,
      maxZoom: effectiveView === 'plan' ? 3 : 19,
    });
    if (effectiveView === 'plan' && plan) {
      const bounds = L.latLngBounds([0, 0], [plan.height, plan.width]);
      L.imageOverlay(plan.url, bounds, { className: 'site-plan-image' }).addTo(m);
      m.fitBounds(bounds);
      m.setMaxBounds(bounds.pad(0.25));
    } else {
      if (d.tileUrl) L.tileLayer(d.tileUrl, { maxZoom: 19, subdomains: 'abc' }).addTo(m);
      const x = d.extent;
      if (x) m.fitBounds(L.latLngBounds([x.minY, x.minX], [x.maxY, x.maxX]).pad(0.2), { maxZoom: 17 });
      else if (d.center) m.setView([d.center.lat, d.center.lng], d.center.zoom);
      else m.setView([30, 120], 5);
      L.control.scale({ imperial: false, position: 'bottomright' }).addTo(m);
    }
    m.on('click', (e: L.LeafletMouseEvent) => handlers.current.click(e.latlng));
    // A clustered zone: ask for the visible area at its zoom (in the api's terms: the whole space 256·2^zoom px).
    const report = () => {
      if (!clusteredRef.current) return;
      const b = m.getBounds();
      if (effectiveView === 'plan' && plan) {
        const u = 1 / plan.width;
        const bbox = [
          clampTo(snap(b.getWest() * u, 1e-4), -1, 2),
          clampTo(snap(1 - b.getNorth() / plan.height, 1e-4), -1, 2),
          clampTo(snap(b.getEast() * u, 1e-4), -1, 2),
          clampTo(snap(1 - b.getSouth() / plan.height, 1e-4), -1, 2),
        ] as const;
        setArea({ view: 'plan', bbox, zoom: snap(Math.max(0, Math.log2((plan.width * 2 ** m.getZoom()) / 256)), 0.25) });
      } else {
        const wide = b.getEast() - b.getWest() >= 360;
        const bbox = [
          wide ? -180 : clampTo(snap(b.getWest(), 1e-4), -540, 540),
          clampTo(snap(b.getSouth(), 1e-4), -90, 90),
          wide ? 180 : clampTo(snap(b.getEast(), 1e-4), -540, 540),
          clampTo(snap(b.getNorth(), 1e-4), -90, 90),
        ] as const;
        setArea({ view: 'geo', bbox, zoom: snap(Math.max(0, m.getZoom()), 0.25) });
      }
    };
    handlers.current.report = report;
    m.on('moveend', report);
    report();
    layer.current = L.layerGroup().addTo(m);
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
      layer.current = null;
    };
  }, [effectiveView, plan?.url, d?.tileUrl, !!d]);

  // The first answer tells whether the zone is clustered: then ask for the area the map shows.
  useEffect(() => {
    if (clustered && !area) handlers.current.report();
  }, [clustered, area]);

  // The markers, following the data and the filters.
  useEffect(() => {
    const g = layer.current;
    if (!g || !d) return;
    g.clearLayers();
    for (const mk of onMap) {
      const marker = L.marker(toLatLng(mk), {
        icon: pinIcon(colourOf(mk, palette), mk.id === focusId),
        title: mk.name,
        alt: mk.name,
        draggable: editing,
        riseOnHover: true,
      });
      const label = mk.colour ? palette[mk.colour].label : t('notRated');
      marker.bindTooltip(
        `<b>${mk.name.replace(/</g, '&lt;')}</b><br/>${label}${mk.score != null ? ` · ${t('score', { n: mk.score })}` : ''}`,
        { direction: 'top' },
      );
      marker.on('click', () => {
        if (!editing) navigate(`/enterprises/${mk.id}`);
      });
      marker.on('dragend', () => void handlers.current.move(mk, marker.getLatLng()));
      marker.addTo(g);
      const node = marker.getElement();
      node?.setAttribute('data-testid', 'map-marker');
      node?.setAttribute('data-id', mk.id);
      node?.setAttribute('data-colour', mk.colour ?? 'none');
      if (mk.id === focusId && map.current) {
        map.current.setView(marker.getLatLng(), Math.max(map.current.getZoom(), effectiveView === 'plan' ? 0 : 16));
        marker.openTooltip();
      }
    }
    const at = (x: number, y: number): L.LatLngExpression =>
      effectiveView === 'plan' && plan ? [plan.height * (1 - y), plan.width * x] : [y, x];
    for (const c of d.clusters) {
      const n = visibleColours.reduce((a, k) => a + c.counts[k], 0);
      if (!n) continue;
      const cm = L.marker(at(c.x, c.y), { icon: clusterIcon(c, visibleColours, palette, n), riseOnHover: true });
      cm.bindTooltip(t('clusterTip', { n }), { direction: 'top' });
      cm.on('click', () => {
        const m = map.current;
        if (!m) return;
        const bounds = L.latLngBounds(at(c.bounds.minX, c.bounds.minY), at(c.bounds.maxX, c.bounds.maxY));
        const next = m.getBoundsZoom(bounds.pad(0.1));
        m.setView(bounds.getCenter(), Math.min(Math.max(next, m.getZoom() + 1), m.getMaxZoom()));
      });
      cm.addTo(g);
      const node = cm.getElement();
      node?.setAttribute('data-testid', 'map-cluster');
      node?.setAttribute('data-count', String(c.count));
    }
  }, [onMap, editing, focusId, palette, effectiveView, d, hidden]);

  useEffect(() => {
    el.current?.classList.toggle('map-placing', !!placing);
  }, [placing]);

  const focus = (mk: Marker) => {
    const next = new URLSearchParams(sp);
    next.set('focus', mk.id);
    setSp(next, { replace: true });
  };

  const upload = (file: File) => {
    setPlan.mutate(file, {
      onSuccess: () => {
        message.success(t('planUploaded'));
        setView('plan');
      },
      onError: (e) => message.error(errorText(e)),
    });
    return false;
  };

  const legendItem = (c: ColourKey) => {
    const off = hidden.has(c);
    const colour = c === 'none' ? NONE_COLOUR : palette[c]?.color;
    const label =
      c === 'none'
        ? t('notRated')
        : lang === 'en'
          ? { red: 'Major', orange: 'Significant', yellow: 'Moderate', blue: 'Low' }[c]
          : palette[c]?.label;
    return (
      <button
        key={c}
        type="button"
        className={`legend-item${off ? ' legend-off' : ''}`}
        onClick={() =>
          setHidden((h) => {
            const n = new Set(h);
            if (n.has(c)) n.delete(c);
            else n.add(c);
            return n;
          })
        }
        data-testid={`legend-${c}`}
      >
        <span className="legend-swatch" style={{ background: colour }} />
        <span>{label}</span>
        <span className="legend-count">{counts[c]}</span>
      </button>
    );
  };

  if (data.isError && !d) return <QueryError error={data.error} onRetry={() => void data.refetch()} />;

  return (
    <PageContainer
      title={t('mapTitle')}
      description={t('mapDesc')}
      extra={
        <>
          <Segmented<View>
            value={effectiveView}
            onChange={(v) => {
              setView(v);
              setArea(null);
              setPlacing(null);
            }}
            options={[
              { value: 'plan', label: t('viewPlan'), icon: <PictureOutlined /> },
              { value: 'geo', label: t('viewGeo'), icon: <AimOutlined /> },
            ]}
            data-testid="map-view"
          />
          {canMove && (
            <Button
              icon={editing ? <CheckOutlined /> : <DragOutlined />}
              type={editing ? 'primary' : 'default'}
              onClick={() => {
                setEditing(!editing);
                setPlacing(null);
              }}
              data-testid="map-edit"
            >
              {editing ? t('doneEditing') : t('editPositions')}
            </Button>
          )}
          {canPlan && (
            <Upload accept="image/png,image/jpeg" showUploadList={false} beforeUpload={upload}>
              <Button icon={<UploadOutlined />} loading={setPlan.isPending} data-testid="map-upload">
                {plan ? t('replacePlan') : t('uploadPlan')}
              </Button>
            </Upload>
          )}
        </>
      }
    >
      {editing && (
        <Alert
          type="info"
          showIcon
          title={placing ? t('placeHint', { name: placing.name }) : t('editHint')}
          action={
            placing && (
              <Button size="small" onClick={() => setPlacing(null)}>
                {t('cancelPlace')}
              </Button>
            )
          }
        />
      )}
      {effectiveView === 'geo' && d && !d.tileUrl && <Alert type="warning" showIcon title={t('noTiles')} action={settingsLink} />}
      <Flex gap={16} align="stretch" className="map-layout">
        <Card className="map-card" styles={{ body: { padding: 0, height: '100%' } }}>
          {!d ? (
            <Skeleton active style={{ padding: 24 }} />
          ) : effectiveView === 'plan' && !plan ? (
            <Result icon={<PictureOutlined />} title={t('noPlan')} subTitle={t('noPlanDesc')} extra={settingsLink} />
          ) : (
            <div className="map-wrap">
              <div ref={el} className={`risk-map risk-map-${effectiveView}`} data-testid="risk-map" />
              <div className="map-legend" data-testid="map-legend">
                <Typography.Text strong style={{ fontSize: 12 }}>
                  {t('legend')}
                </Typography.Text>
                {[...COLOURS, 'none' as const].map(legendItem)}
              </div>
            </div>
          )}
        </Card>
        <Card
          className="map-side"
          size="small"
          title={t('enterprises')}
          extra={
            <Typography.Text type="secondary">
              {t('shown', { n: onMap.length + (d?.clusters ?? []).reduce((a, c) => a + c.count, 0) })}
            </Typography.Text>
          }
        >
          <Flex vertical gap={8}>
            <Select allowClear placeholder={t('filterGrid')} value={grid} onChange={setGrid} options={lists.gridOptions} />
            <Input.Search allowClear placeholder={t('searchPh')} onChange={(e) => setQ(e.target.value)} />
            {clustered && (
              <Typography.Text type="secondary" data-testid="map-zoom-hint">
                {t('zoomHint', { n: d?.total ?? 0 })}
              </Typography.Text>
            )}
            <List
              size="small"
              className="map-list"
              dataSource={[...onMap].sort((a, b) => (b.score ?? -1) - (a.score ?? -1))}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              renderItem={(mk) => (
                <List.Item
                  className={mk.id === focusId ? 'map-list-focus' : ''}
                  onClick={() => focus(mk)}
                  style={{ cursor: 'pointer' }}
                >
                  <Space size={8} style={{ minWidth: 0 }}>
                    <span className="colour-dot" style={{ background: colourOf(mk, palette) }} />
                    <Typography.Text ellipsis style={{ maxWidth: 200 }}>
                      {mk.name}
                    </Typography.Text>
                  </Space>
                  <Typography.Text type="secondary">{mk.score ?? '—'}</Typography.Text>
                </List.Item>
              )}
            />
            <Typography.Text strong style={{ marginTop: 4 }} data-testid="map-unplaced-title">
              {effectiveView === 'plan' ? t('unplaced', { n: unplacedTotal }) : t('unplacedGeo', { n: unplacedTotal })}
            </Typography.Text>
            {unplacedTotal > unplaced.length && (
              <Typography.Text type="secondary">{t('unplacedMore', { n: unplaced.length })}</Typography.Text>
            )}
            {unplaced.length === 0 ? (
              <Typography.Text type="secondary">{t('allPlaced')}</Typography.Text>
            ) : (
              <List
                size="small"
                className="map-list map-unplaced"
                dataSource={unplaced}
                data-testid="map-unplaced"
                renderItem={(mk) => (
                  <List.Item
                    actions={
                      canMove && effectiveView === 'plan' && plan
                        ? [
                            <Button
                              key="p"
                              size="small"
                              type={placing?.id === mk.id ? 'primary' : 'link'}
                              onClick={() => {
                                setEditing(true);
                                setPlacing(mk);
                              }}
                              data-testid="map-place"
                            >
                              {t('place')}
                            </Button>,
                          ]
                        : []
                    }
                  >
                    <Space size={8} style={{ minWidth: 0 }}>
                      <span className="colour-dot" style={{ background: colourOf(mk, palette) }} />
                      <Typography.Text ellipsis style={{ maxWidth: 150 }} title={mk.name}>
                        {mk.name}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Flex>
        </Card>
      </Flex>
    </PageContainer>
  );
}
