import { DRILL_PREFIX, INCIDENT_TYPE_LABELS, type IncidentEvent, type IncidentType } from '@yuanan/contracts';

/** The reasons the api gives when it ends dispatches or returns units on its own (closing, cancelling). */
const WHY_EN: Record<string, string> = {
  事件已结案: 'Incident closed',
  事件已取消: 'Incident cancelled',
  事件已撤销: 'Incident cancelled',
};

const whyEn = (why: string): string => WHY_EN[why] ?? why;

/** "，位置距园区约 51 km，请核实" (an SOS far from the zone) → "; about 51 km from the zone, please verify". */
function farEn(rest: string): string {
  const far = /位置距园区约\s*([\d.]+)\s*km/.exec(rest);
  return far ? `; about ${far[1]} km from the zone, please verify` : '';
}

/**
 * The English sentence for a timeline entry the system wrote in Chinese (the api keeps the Chinese text and gives
 * `kind` and `data`; the names, codes, titles and summaries inside are user data and stay as typed). Covers the
 * frequent kinds: equipment_deployed, equipment_released, closed, sos_merged, plan_applied, stood_down. Returns null
 * when the entry is not one of them or its text has an unexpected shape: the caller shows the stored text.
 */
export function eventTextEn(e: Pick<IncidentEvent, 'kind' | 'text' | 'data'>): string | null {
  const drill = e.text.startsWith(DRILL_PREFIX);
  const text = drill ? e.text.slice(DRILL_PREFIX.length) : e.text;
  const tag = drill ? '[Drill] ' : '';
  let m: RegExpExecArray | null;
  switch (e.kind) {
    case 'equipment_deployed':
      m = /^调用器材 ([\s\S]+)（([^（）]+)）$/.exec(text);
      return m ? `${tag}Deployed ${m[1]} (${m[2]})` : null;
    case 'equipment_released':
      m = /^(?:([^，]+)，)?器材 ([\s\S]+)（([^（）]+)）归队(（损坏，送修）)?$/.exec(text);
      if (!m) return null;
      return `${tag}${m[1] ? `${whyEn(m[1])}: ` : ''}${m[2]} (${m[3]}) returned${m[4] ? ' (damaged, sent for repair)' : ''}`;
    case 'closed':
      m = /^结案(，演练记录已写入企业档案)?：([\s\S]*)$/.exec(text);
      return m ? `${tag}Closed${m[1] ? ' (drill record added to the enterprise file)' : ''}: ${m[2]}` : null;
    case 'sos_merged': {
      m = /^(.+?) 再次一键求救（[^）]*）(?:：([\s\S]*))?，已合并([\s\S]*)$/.exec(text);
      if (!m) return null;
      const type = e.data?.type as IncidentType | undefined;
      const typeEn = type && INCIDENT_TYPE_LABELS[type] ? INCIDENT_TYPE_LABELS[type].en : 'incident';
      return `${tag}${m[1]} pressed SOS again (${typeEn})${m[2] ? `: ${m[2]}` : ''}; merged${farEn(m[3] ?? '')}`;
    }
    case 'plan_applied':
      m = /^启动预案《([\s\S]+)》（(\d+) 个处置步骤）$/.exec(text);
      return m ? `${tag}Plan "${m[1]}" applied (${m[2]} steps)` : null;
    case 'stood_down':
      m = /^([^，]+)，全部人员归队：([\s\S]+)$/.exec(text);
      if (m) return `${tag}${whyEn(m[1]!)}: all stood down: ${m[2]}`;
      m = /^撤回 ([^：]+)(?:：([\s\S]*))?$/.exec(text);
      return m ? `${tag}Stood down ${m[1]}${m[2] ? `: ${m[2]}` : ''}` : null;
    default:
      return null;
  }
}

/**
 * An SOS sent without a description gets "火灾（一键求救）" from the api (the type's Chinese name): in English, "Fire
 * (SOS)". Null for any other description (typed by a person: shown as is).
 */
export function sosDescriptionEn(i: { type: IncidentType; description: string }): string | null {
  const label = INCIDENT_TYPE_LABELS[i.type];
  return label && i.description === `${label.zh}（一键求救）` ? `${label.en} (SOS)` : null;
}
