import { Migration }  from '@mikro-orm/migrations';

/**
 * Issue 13: the law library (法律法规在线查询) — documents, versions (soft delete; `updated_at` is the search index's
 * watermark), articles (unique key per version; text as mediumtext), synonym groups, the reverse citation index
 * (in the citing record's tenant) and a zone's own search log. The platform's library lives in the platform tenant;
 * it is imported at boot (or by `npm run laws:import`), not here. Plain SQL: MariaDB 10.11, MySQL 8 and TiDB.
 */
export class Migration20261210100000_laws extends Migration {
  override name = 'Migration20261210100000_laws';

  override up(): void | Promise<void> {
    this.addSql(
      `create table \`law_articles\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`version_id\` varchar(36) not null, \`ordinal\` int not null, \`number\` int not null, \`suffix\` int not null, \`article_key\` varchar(10) not null, \`label\` varchar(40) not null, \`path\` json not null, \`paragraphs\` json not null, \`text\` mediumtext not null, \`text_hash\` varchar(64) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`law_articles\` add index \`law_articles_tenant_id_version_id_ordinal_index\` (\`tenant_id\`, \`version_id\`, \`ordinal\`);`,
    );
    this.addSql(
      `alter table \`law_articles\` add unique \`law_articles_tenant_id_version_id_article_key_unique\` (\`tenant_id\`, \`version_id\`, \`article_key\`);`,
    );
    this.addSql(
      `create table \`law_citations\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`source_type\` enum('hazard','checklist_item') not null, \`source_id\` varchar(36) not null, \`source_label\` varchar(200) not null, \`version_id\` varchar(36) not null, \`article_key\` varchar(10) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`law_citations\` add index \`law_citations_tenant_id_version_id_article_key_index\` (\`tenant_id\`, \`version_id\`, \`article_key\`);`,
    );
    this.addSql(
      `alter table \`law_citations\` add unique \`law_citations_tenant_id_source_type_source_id_vers_cd680_unique\` (\`tenant_id\`, \`source_type\`, \`source_id\`, \`version_id\`, \`article_key\`);`,
    );
    this.addSql(
      `create table \`law_documents\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`title\` varchar(200) not null, \`doc_type\` enum('law','administrative_regulation','departmental_rule','national_standard','industry_standard','local_regulation','zone_rule') not null, \`issuing_body\` varchar(100) not null, \`doc_number\` varchar(100) null, \`repealed_on\` varchar(10) null, \`version\` int not null default 1, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`law_documents\` add index \`law_documents_tenant_id_doc_type_index\` (\`tenant_id\`, \`doc_type\`);`,
    );
    this.addSql(
      `alter table \`law_documents\` add index \`law_documents_tenant_id_title_index\` (\`tenant_id\`, \`title\`);`,
    );
    this.addSql(
      `create table \`law_search_log\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`query\` varchar(100) not null, \`hits\` int not null, \`at\` datetime(3) not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`law_search_log\` add index \`law_search_log_tenant_id_at_index\` (\`tenant_id\`, \`at\`);`,
    );
    this.addSql(
      `create table \`law_synonym_groups\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`terms\` json not null, \`note\` varchar(200) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `create table \`law_versions\` (\`id\` varchar(36) not null, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`tenant_id\` varchar(36) not null, \`document_id\` varchar(36) not null, \`label\` varchar(60) not null, \`title\` varchar(200) not null, \`doc_number\` varchar(100) null, \`promulgated_on\` varchar(10) null, \`effective_on\` varchar(10) not null, \`preface\` text not null, \`structure\` json not null, \`article_count\` int not null, \`source_format\` enum('markdown','text','docx') not null, \`source_sha256\` varchar(64) not null, \`created_by\` varchar(36) null, \`created_by_name\` varchar(64) null, \`deleted_at\` datetime(3) null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`law_versions\` add index \`law_versions_updated_at_index\` (\`updated_at\`);`,
    );
    this.addSql(
      `alter table \`law_versions\` add index \`law_versions_tenant_id_document_id_effective_on_index\` (\`tenant_id\`, \`document_id\`, \`effective_on\`);`,
    );
    this.addSql(
      `alter table \`law_versions\` add index \`law_versions_tenant_id_source_sha256_index\` (\`tenant_id\`, \`source_sha256\`);`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql('drop table if exists `law_citations`;');
    this.addSql('drop table if exists `law_search_log`;');
    this.addSql('drop table if exists `law_synonym_groups`;');
    this.addSql('drop table if exists `law_articles`;');
    this.addSql('drop table if exists `law_versions`;');
    this.addSql('drop table if exists `law_documents`;');
  }
}
