/**
 * The texts of a demo zone's own documents (园区制度, issue 13): 安全生产管理办法 in its 2024 text and the 2026
 * revision (articles changed, added, removed — the reader's diff and the flagged citation show on them), and
 * 危险作业管理规定 (with a 第八条之一 inserted by its 2025 amendment). Written as the zone's administrative
 * committee would: Markdown like ../shared/regulations, `# 标题`, notes, `<!-- INFO END -->`, `## 第X章`.
 */
import { articleLabel } from '@yuanan/domain';

/** One article of a demo text: a key for the edits below, its paragraphs (items as '（一）…' lines). */
interface DemoArticle {
  id: string;
  paragraphs: string[];
}
interface DemoChapter {
  title: string;
  articles: DemoArticle[];
}

const a = (id: string, ...paragraphs: string[]): DemoArticle => ({ id, paragraphs });

/** The 2024 text of the zone's 安全生产管理办法, by chapter; `z` = the zone's name. */
function safetyRules2024(z: string): DemoChapter[] {
  return [
    {
      title: '总则',
      articles: [
        a(
          'purpose',
          `为了加强${z}（以下简称园区）安全生产工作，防止和减少生产安全事故，保障人民群众生命和财产安全，根据《中华人民共和国安全生产法》《危险化学品安全管理条例》等法律法规，结合园区实际，制定本办法。`,
        ),
        a(
          'scope',
          '本办法适用于园区范围内从事生产经营活动的企业（以下简称企业）以及园区管理委员会（以下简称管委会）各部门的安全生产监督管理工作。',
        ),
        a(
          'principle',
          '园区安全生产工作坚持人民至上、生命至上，坚持安全第一、预防为主、综合治理的方针，实行管行业必须管安全、管业务必须管安全、管生产经营必须管安全。',
        ),
        a(
          'office',
          '管委会安全生产监督管理局（以下简称园区安监局）负责园区安全生产的综合监督管理，组织隐患排查治理、监督检查、应急管理和事故调查配合工作。',
          '园区各网格员负责本网格内企业的日常巡查，发现事故隐患及时报告园区安监局。',
        ),
      ],
    },
    {
      title: '企业安全生产责任',
      articles: [
        a(
          'principal',
          '企业主要负责人是本单位安全生产第一责任人，对本单位的安全生产工作全面负责，履行下列职责：',
          '（一）建立健全并落实全员安全生产责任制；',
          '（二）组织制定并实施安全生产规章制度和操作规程；',
          '（三）保证安全生产投入的有效实施；',
          '（四）组织开展隐患排查治理，及时消除事故隐患；',
          '（五）组织制定并实施生产安全事故应急救援预案；',
          '（六）及时、如实报告生产安全事故。',
        ),
        a(
          'manager',
          '从业人员五十人以上的企业，应当设置安全生产管理机构或者配备专职安全生产管理人员；其他企业应当配备专职或者兼职安全生产管理人员。',
        ),
        a(
          'training',
          '企业应当对从业人员进行安全生产教育和培训，新入职人员岗前培训时间不得少于二十四学时，每年再培训时间不得少于八学时。',
          '未经安全生产教育和培训合格的从业人员，不得上岗作业。',
        ),
        a(
          'special-workers',
          '企业的特种作业人员应当按照国家有关规定经专门的安全作业培训，取得相应资格，方可上岗作业。企业应当建立特种作业人员台账，并报园区安监局备案。',
        ),
        a('investment', '企业应当按照国家规定提取和使用安全生产费用，专门用于改善安全生产条件，并建立安全生产费用使用台账。'),
        a(
          'notice',
          '企业应当在有较大危险因素的生产经营场所和有关设施、设备上，设置明显的安全警示标志，并在醒目位置公示本单位的安全风险分布图和应急疏散路线。',
        ),
      ],
    },
    {
      title: '隐患排查治理',
      articles: [
        a(
          'double-prevention',
          '企业应当建立安全风险分级管控和隐患排查治理双重预防工作机制，对本单位的安全风险进行辨识评估，绘制安全风险四色分布图。',
        ),
        a(
          'self-check',
          '企业应当每季度至少组织一次全面的事故隐患排查，每月至少组织一次专项排查；排查情况应当如实记录，并通过园区平台报送。',
        ),
        a(
          'rectify',
          '企业对排查发现的一般事故隐患，应当立即组织整改；不能立即整改的，应当制定整改方案，落实整改措施、责任、资金、时限和预案。',
          '对重大事故隐患，企业应当立即报告园区安监局，并在整改完成后提出验收申请。',
        ),
        a(
          'inspection',
          '园区安监局应当制定年度监督检查计划，对企业进行监督检查；对危险化学品企业、涉及有限空间作业的企业，每年检查不少于两次。',
        ),
        a(
          'notice-rectify',
          '园区安监局在检查中发现事故隐患的，应当下达整改通知书，明确整改要求和期限；企业应当按期整改，并将整改情况书面回复。',
        ),
      ],
    },
    {
      title: '危险作业与特种设备',
      articles: [
        a(
          'hot-work',
          `企业进行动火、受限空间、高处、吊装、临时用电等危险作业，应当执行《${z}危险作业管理规定》，办理作业审批，落实现场监护。`,
        ),
        a(
          'chemicals',
          '危险化学品的生产、储存、使用单位，应当按照国家标准设置相应的监测、监控、通风、防晒、调温、防火、灭火、防爆、泄压、防毒、防静电等安全设施、设备，并定期维护保养。',
        ),
        a(
          'equipment',
          '企业使用的特种设备应当经检验合格并在有效期内，办理使用登记，建立安全技术档案；特种设备作业人员应当持证上岗。',
        ),
      ],
    },
    {
      title: '应急管理',
      articles: [
        a('plan', '企业应当制定生产安全事故应急救援预案，与园区应急预案相衔接，并每年至少组织一次综合或者专项应急预案演练。'),
        a(
          'report',
          '企业发生生产安全事故后，现场有关人员应当立即报告本单位负责人；单位负责人接到报告后，应当于一小时内报告园区安监局，并立即启动应急预案，组织抢救。',
        ),
        a('supplies', '企业应当按照规定配备必要的应急救援器材、设备和物资，并进行经常性维护、保养，保证正常运转。'),
      ],
    },
    {
      title: '监督检查与奖惩',
      articles: [
        a('colour', '园区安监局根据企业的风险等级和隐患整改情况实行分级分类监管，对风险等级较高的企业增加检查频次。'),
        a('reward', '对在安全生产工作中成绩显著的企业和个人，管委会给予表彰奖励；对举报重大事故隐患经查证属实的人员，给予奖励。'),
        a(
          'penalty',
          '企业违反本办法规定，拒不整改事故隐患的，由园区安监局责令限期改正，并纳入企业安全生产信用记录；涉及违法的，移交有关部门依法处理。',
        ),
      ],
    },
    {
      title: '附则',
      articles: [a('interpretation', '本办法由管委会负责解释。'), a('effective', '本办法自2024年3月1日起施行。')],
    },
  ];
}

/**
 * The 2026 revision: 隐患排查 monthly instead of quarterly, 半小时 for accident reports, 特种作业 filing moved into
 * the platform, a new article on 有限空间 and one on 安全生产责任保险, the 表彰奖励 article removed (now a separate
 * scheme), the effective date.
 */
function safetyRules2026(z: string): DemoChapter[] {
  const chapters = safetyRules2024(z);
  const edit = (id: string, paragraphs: string[]) => {
    for (const c of chapters) for (const x of c.articles) if (x.id === id) x.paragraphs = paragraphs;
  };
  const insertAfter = (id: string, added: DemoArticle) => {
    for (const c of chapters) {
      const i = c.articles.findIndex((x) => x.id === id);
      if (i >= 0) c.articles.splice(i + 1, 0, added);
    }
  };
  edit('self-check', [
    '企业应当每月至少组织一次全面的事故隐患排查，每周至少组织一次专项排查；排查情况应当如实记录，并在排查完成后三个工作日内通过园区平台报送。',
  ]);
  edit('report', [
    '企业发生生产安全事故后，现场有关人员应当立即报告本单位负责人；单位负责人接到报告后，应当于半小时内通过园区平台一键报警或者电话报告园区安监局，并立即启动应急预案，组织抢救。',
  ]);
  edit('special-workers', [
    '企业的特种作业人员应当按照国家有关规定经专门的安全作业培训，取得相应资格，方可上岗作业。企业应当在园区平台维护特种作业人员信息，证书到期前三十日内完成复审。',
  ]);
  insertAfter(
    'rectify',
    a(
      'confined-space',
      '涉及有限空间作业的企业，应当建立有限空间管理台账，在有限空间出入口设置明显的安全警示标志，作业前进行通风和气体检测，严禁未经检测或者检测不合格进入作业。',
    ),
  );
  insertAfter('investment', a('insurance', '危险化学品、金属冶炼等高危行业领域的企业，应当投保安全生产责任保险。'));
  for (const c of chapters) c.articles = c.articles.filter((x) => x.id !== 'reward');
  edit('effective', ['本办法自2026年7月1日起施行。2024年3月1日起施行的原办法同时废止。']);
  return chapters;
}

/** 危险作业管理规定 (as amended 2025: 第八条之一 on 动火作业 during holidays), one part-less document. */
function hazardousWork(z: string): DemoChapter[] {
  return [
    {
      title: '总则',
      articles: [
        a(
          'purpose',
          `为了规范${z}企业危险作业安全管理，预防作业过程中的生产安全事故，依据《危险化学品企业特殊作业安全规范》（GB 30871）等标准，制定本规定。`,
        ),
        a(
          'scope',
          '本规定所称危险作业，包括：',
          '（一）动火作业；',
          '（二）受限空间作业；',
          '（三）高处作业；',
          '（四）吊装作业；',
          '（五）临时用电作业；',
          '（六）盲板抽堵、动土、断路作业。',
        ),
        a(
          'duty',
          '作业单位的主要负责人对本单位危险作业安全全面负责；作业审批人、作业负责人、监护人和作业人员应当按照本规定履行各自职责。',
        ),
      ],
    },
    {
      title: '作业审批',
      articles: [
        a(
          'permit',
          '危险作业实行作业许可制度。作业前应当办理作业票，作业票应当写明作业内容、地点、时间、作业人员、监护人和安全措施，并经审批人现场确认后签发。',
        ),
        a(
          'analysis',
          '作业前应当进行危害识别和风险分析，制定安全措施，对作业人员进行安全交底；交底内容应当记录，并由作业人员签字确认。',
        ),
        a(
          'validity',
          '作业票的有效期不得超过作业时间，且一张作业票只限一处作业地点使用；作业内容、地点或者条件发生变化的，应当重新办理作业票。',
        ),
      ],
    },
    {
      title: '作业安全要求',
      articles: [
        a(
          'confined',
          '受限空间作业应当遵循“先通风、再检测、后作业”的原则。作业前三十分钟内应当对受限空间进行气体检测，检测合格后方可作业；作业期间应当持续监测。',
          '未经检测或者检测不合格的，严禁作业人员进入受限空间。',
        ),
        a(
          'hot',
          '动火作业区域应当清除易燃可燃物，配备灭火器材；动火点周围或者其下方有可燃物、电缆桥架、孔洞、窨井等的，应当采取隔离措施。',
          '特级动火、一级动火作业应当在作业前报园区安监局备案。',
        ),
        a(
          'hot-holiday',
          '节假日、夜间以及重大活动期间原则上不得进行动火作业；确需作业的，应当升级管理，作业单位主要负责人应当在现场带班。',
        ),
        a(
          'height',
          '高处作业人员应当正确佩戴安全带，安全带应当高挂低用；在坠落高度基准面二米以上作业时，应当设置防护栏杆或者安全网。',
        ),
        a(
          'lifting',
          '吊装作业前应当检查起重机械、吊具、索具，划定作业警戒区域；吊物下方严禁站人，六级以上大风等恶劣天气应当停止露天吊装作业。',
        ),
        a(
          'power',
          '临时用电应当办理临时用电作业票，使用符合规定的配电箱和漏电保护器；在易燃易爆场所临时用电，应当同时办理动火作业审批。',
        ),
        a('guardian', '作业期间监护人不得擅离现场；发现异常情况时，监护人应当立即停止作业，组织人员撤离。'),
      ],
    },
    {
      title: '附则',
      articles: [
        a('check', '园区安监局对企业危险作业管理情况进行抽查，发现违反本规定作业的，责令立即停止作业并依法处理。'),
        a('effective', '本规定自2023年6月1日起施行。'),
      ],
    },
  ];
}

/** Renders chapters as Markdown like ../shared/regulations; articles numbered in order, `inserted` ids as 第X条之一. */
function render(title: string, notes: string[], chapters: DemoChapter[], inserted: string[] = []): string {
  const out = [`# ${title}`, '', ...notes.flatMap((n) => [n, '']), '<!-- INFO END -->', ''];
  const CHAPTER = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  let n = 0;
  let suffix = 0;
  chapters.forEach((c, i) => {
    out.push(`## 第${CHAPTER[i]}章 ${c.title}`, '');
    for (const x of c.articles) {
      if (inserted.includes(x.id)) suffix++;
      else {
        n++;
        suffix = 0;
      }
      const [first, ...rest] = x.paragraphs;
      out.push(`${articleLabel(n, suffix)} ${first}`, '');
      for (const p of rest) out.push(p, '');
    }
  });
  return out.join('\n');
}

/** A demo zone document: metadata and its versions (oldest first) as the library's create/add-version bodies take them. */
export interface DemoLawDocument {
  key: 'safety-rules' | 'hazardous-work';
  title: string;
  issuingBody: string;
  docNumber: string;
  versions: { label: string; promulgatedOn: string; effectiveOn: string; text: string }[];
}

/** The zone's own documents (zone = its name, e.g. 开发区四期). */
export function demoZoneLawDocuments(zone: string): DemoLawDocument[] {
  const body = `${zone}管理委员会`;
  const safety = `${zone}安全生产管理办法`;
  const work = `${zone}危险作业管理规定`;
  return [
    {
      key: 'safety-rules',
      title: safety,
      issuingBody: body,
      docNumber: `${zone}管委〔2024〕3号`,
      versions: [
        {
          label: '2024年版',
          promulgatedOn: '2024-02-01',
          effectiveOn: '2024-03-01',
          text: render(safety, [`2024年2月1日 ${body}发布`], safetyRules2024(zone)),
        },
        {
          label: '2026年修订',
          promulgatedOn: '2026-06-01',
          effectiveOn: '2026-07-01',
          text: render(safety, [`2024年2月1日 ${body}发布`, `2026年6月1日 ${body}修订`], safetyRules2026(zone)),
        },
      ],
    },
    {
      key: 'hazardous-work',
      title: work,
      issuingBody: body,
      docNumber: `${zone}管委〔2023〕11号`,
      versions: [
        {
          label: '2025年修正',
          promulgatedOn: '2025-04-15',
          effectiveOn: '2025-05-01',
          text: render(
            work,
            [`2023年5月10日 ${body}发布`, `2025年4月15日 ${body}《关于修改〈危险作业管理规定〉的决定》修正`],
            hazardousWork(zone),
            ['hot-holiday'],
          ),
        },
      ],
    },
  ];
}
