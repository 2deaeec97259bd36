/**
 * No Docker engine runs here, so the files in docker/ are checked by reading them: what compose refers to must
 * exist, images are pinned, every long-running service has a health check, secrets come from the environment,
 * the API image runs as a non-root user, and every variable the services pass is one the api knows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const DOCKER = join(ROOT, 'docker');
const compose = parse(readFileSync(join(DOCKER, 'compose.yml'), 'utf8')) as {
  services: Record<
    string,
    {
      image?: string;
      build?: { context: string; dockerfile: string; target?: string };
      command?: string[];
      environment?: Record<string, string>;
      healthcheck?: { test: string[] };
      depends_on?: Record<string, { condition: string }>;
      volumes?: string[];
      ports?: string[];
    }
  >;
  volumes: Record<string, unknown>;
};

function dockerfile(name: string) {
  const text = readFileSync(join(DOCKER, name), 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  return {
    text,
    lines,
    stages: [...text.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)].map((m) => ({ image: m[1]!, name: m[2] })),
  };
}

test('compose names every service the product needs, with health checks and dependencies on health', () => {
  expect(Object.keys(compose.services).sort()).toEqual([
    'admin',
    'api',
    'db',
    'ingest',
    'migrate',
    'miniapp-h5',
    'mosquitto',
    'redis',
    'worker',
  ]);
  for (const [name, s] of Object.entries(compose.services)) {
    if (name === 'migrate') continue;
    expect([name, Boolean(s.healthcheck?.test?.length)]).toEqual([name, true]);
  }
  expect(compose.services.api!.depends_on).toMatchObject({
    migrate: { condition: 'service_completed_successfully' },
    redis: { condition: 'service_healthy' },
  });
  expect(compose.services.migrate!.depends_on).toMatchObject({ db: { condition: 'service_healthy' } });
  for (const v of Object.values(compose.services).flatMap((s) => s.volumes ?? [])) {
    // A host directory (the law texts) is mounted read-only; everything else is a named volume.
    if (/^(\.|\/|\$\{)/.test(v)) expect(v).toMatch(/:ro$/);
    else expect(Object.keys(compose.volumes)).toContain(v.split(':')[0]);
  }
});

test('images are pinned to a version and builds point at files that exist', () => {
  for (const s of Object.values(compose.services)) {
    if (s.image && !s.image.startsWith('yuanan-')) expect(s.image).toMatch(/:[0-9][\w.-]*$/);
    if (s.build) {
      expect(existsSync(join(DOCKER, s.build.context, s.build.dockerfile))).toBe(true);
      if (s.build.target)
        expect(dockerfile(s.build.dockerfile.replace('docker/', '')).stages.map((x) => x.name)).toContain(s.build.target);
    }
  }
  for (const f of ['api.Dockerfile', 'web.Dockerfile']) {
    for (const st of dockerfile(f).stages)
      if (!st.image.includes('/') || st.image.includes(':')) expect(st.image).toMatch(/:[0-9][\w.-]*/);
  }
});

test('secrets come from the environment (required, no defaults); every variable passed is one the api reads', () => {
  const env = compose.services.api!.environment!;
  expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
  expect(env.FIELD_ENCRYPTION_KEY).toMatch(/^\$\{FIELD_ENCRYPTION_KEY:\?/);
  const config = readFileSync(join(ROOT, 'api', 'src', 'core', 'config', 'config.ts'), 'utf8');
  for (const k of Object.keys(env)) expect([k, config.includes(`${k}:`)]).toEqual([k, true]);
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
  for (const k of [...config.matchAll(/^\s{4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!))
    expect([k, example.includes(k)]).toEqual([k, true]);
});

test('the api image: production, non-root, a health check, exec-form command, and every COPY source exists', () => {
  const { text, lines } = dockerfile('api.Dockerfile');
  expect(text).toMatch(/ENV NODE_ENV=production/);
  expect(lines.some((l) => /^USER\s+(?!root)\w+/.test(l))).toBe(true);
  expect(text).toMatch(/HEALTHCHECK/);
  expect(lines.find((l) => l.startsWith('CMD'))).toMatch(/^CMD \[/);
  for (const l of lines.filter((x) => x.startsWith('COPY') && !x.includes('--from'))) {
    const parts = l.split(/\s+/).slice(1, -1);
    for (const p of parts) expect([p, existsSync(join(ROOT, p.replace(/\/$/, '')))]).toEqual([p, true]);
  }
  const nginx = readFileSync(join(DOCKER, 'nginx', 'spa.conf'), 'utf8');
  expect(nginx).toMatch(/location \/api\/[\s\S]*proxy_pass http:\/\/api:3000/);
  expect(nginx).toMatch(/location \/socket\.io\/[\s\S]*Upgrade/);
});

test('the MQTT broker: no anonymous clients, TLS for devices, each device writes only its own topic', () => {
  const conf = readFileSync(join(DOCKER, 'mosquitto.conf'), 'utf8');
  const lines = conf.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  expect(lines).toContain('allow_anonymous false');
  expect(lines).toContain('listener 8883');
  expect(lines.some((l) => l.startsWith('certfile '))).toBe(true);
  expect(lines.some((l) => l.startsWith('password_file '))).toBe(true);
  const acl = readFileSync(join(DOCKER, 'mosquitto.acl'), 'utf8');
  expect(acl).toMatch(/^pattern write yuanan\/%u\/up$/m);
  expect(acl).not.toMatch(/^topic (write|readwrite) /m);
  // Only the TLS port is published; the ingest reaches 1883 on the compose network.
  expect(compose.services.mosquitto!.ports).toEqual(['8883:8883']);
  expect(compose.services.ingest!.command).toEqual(['node', 'api/src/ingest.ts']);
  expect(compose.services.ingest!.depends_on).toMatchObject({ mosquitto: { condition: 'service_healthy' } });
  expect(compose.services.api!.environment!.IOT_DEVICE_KEY).toMatch(/^\$\{IOT_DEVICE_KEY:\?/);
});
