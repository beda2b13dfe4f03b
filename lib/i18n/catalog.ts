// Every message of the interface, per locale and namespace: one JSON file each, so each feature owns its
// own files. lib/i18n/catalog.test.ts fails when a key exists in one locale only.
import ptBR_actions from './messages/pt-BR/actions.json';
import en_actions from './messages/en/actions.json';
import ptBR_alerts from './messages/pt-BR/alerts.json';
import en_alerts from './messages/en/alerts.json';
import ptBR_alertDetail from './messages/pt-BR/alertDetail.json';
import en_alertDetail from './messages/en/alertDetail.json';
import ptBR_simulator from './messages/pt-BR/simulator.json';
import en_simulator from './messages/en/simulator.json';
import ptBR_playbook from './messages/pt-BR/playbook.json';
import en_playbook from './messages/en/playbook.json';
import ptBR_api from './messages/pt-BR/api.json';
import en_api from './messages/en/api.json';
import ptBR_apidocs from './messages/pt-BR/apidocs.json';
import en_apidocs from './messages/en/apidocs.json';
import ptBR_app from './messages/pt-BR/app.json';
import en_app from './messages/en/app.json';
import ptBR_audit from './messages/pt-BR/audit.json';
import en_audit from './messages/en/audit.json';
import ptBR_campaigns from './messages/pt-BR/campaigns.json';
import en_campaigns from './messages/en/campaigns.json';
import ptBR_clients from './messages/pt-BR/clients.json';
import en_clients from './messages/en/clients.json';
import ptBR_common from './messages/pt-BR/common.json';
import en_common from './messages/en/common.json';
import ptBR_decisions from './messages/pt-BR/decisions.json';
import en_decisions from './messages/en/decisions.json';
import ptBR_empty from './messages/pt-BR/empty.json';
import en_empty from './messages/en/empty.json';
import ptBR_engagement from './messages/pt-BR/engagement.json';
import en_engagement from './messages/en/engagement.json';
import ptBR_errors from './messages/pt-BR/errors.json';
import en_errors from './messages/en/errors.json';
import ptBR_executive from './messages/pt-BR/executive.json';
import en_executive from './messages/en/executive.json';
import ptBR_features from './messages/pt-BR/features.json';
import en_features from './messages/en/features.json';
import ptBR_forms from './messages/pt-BR/forms.json';
import en_forms from './messages/en/forms.json';
import ptBR_format from './messages/pt-BR/format.json';
import en_format from './messages/en/format.json';
import ptBR_ingestion from './messages/pt-BR/ingestion.json';
import en_ingestion from './messages/en/ingestion.json';
import ptBR_jobs from './messages/pt-BR/jobs.json';
import en_jobs from './messages/en/jobs.json';
import ptBR_login from './messages/pt-BR/login.json';
import en_login from './messages/en/login.json';
import ptBR_models from './messages/pt-BR/models.json';
import en_models from './messages/en/models.json';
import ptBR_monitoring from './messages/pt-BR/monitoring.json';
import en_monitoring from './messages/en/monitoring.json';
import ptBR_monitoringPage from './messages/pt-BR/monitoringPage.json';
import en_monitoringPage from './messages/en/monitoringPage.json';
import ptBR_nav from './messages/pt-BR/nav.json';
import en_nav from './messages/en/nav.json';
import ptBR_page from './messages/pt-BR/page.json';
import en_page from './messages/en/page.json';
import ptBR_policy from './messages/pt-BR/policy.json';
import en_policy from './messages/en/policy.json';
import ptBR_privacy from './messages/pt-BR/privacy.json';
import en_privacy from './messages/en/privacy.json';
import ptBR_role from './messages/pt-BR/role.json';
import en_role from './messages/en/role.json';
import ptBR_scoring from './messages/pt-BR/scoring.json';
import en_scoring from './messages/en/scoring.json';
import ptBR_settings from './messages/pt-BR/settings.json';
import en_settings from './messages/en/settings.json';
import ptBR_shell from './messages/pt-BR/shell.json';
import en_shell from './messages/en/shell.json';
import ptBR_validation from './messages/pt-BR/validation.json';
import en_validation from './messages/en/validation.json';
import type { Locale } from './locales';

export const catalog = {
  'pt-BR': {
    actions: ptBR_actions,
    alerts: ptBR_alerts,
    alertDetail: ptBR_alertDetail,
    simulator: ptBR_simulator,
    playbook: ptBR_playbook,
    api: ptBR_api,
    apidocs: ptBR_apidocs,
    app: ptBR_app,
    audit: ptBR_audit,
    campaigns: ptBR_campaigns,
    clients: ptBR_clients,
    common: ptBR_common,
    decisions: ptBR_decisions,
    empty: ptBR_empty,
    engagement: ptBR_engagement,
    errors: ptBR_errors,
    executive: ptBR_executive,
    features: ptBR_features,
    forms: ptBR_forms,
    format: ptBR_format,
    ingestion: ptBR_ingestion,
    jobs: ptBR_jobs,
    login: ptBR_login,
    models: ptBR_models,
    monitoring: ptBR_monitoring,
    monitoringPage: ptBR_monitoringPage,
    nav: ptBR_nav,
    page: ptBR_page,
    policy: ptBR_policy,
    privacy: ptBR_privacy,
    role: ptBR_role,
    scoring: ptBR_scoring,
    settings: ptBR_settings,
    shell: ptBR_shell,
    validation: ptBR_validation,
  },
  en: {
    actions: en_actions,
    alerts: en_alerts,
    alertDetail: en_alertDetail,
    simulator: en_simulator,
    playbook: en_playbook,
    api: en_api,
    apidocs: en_apidocs,
    app: en_app,
    audit: en_audit,
    campaigns: en_campaigns,
    clients: en_clients,
    common: en_common,
    decisions: en_decisions,
    empty: en_empty,
    engagement: en_engagement,
    errors: en_errors,
    executive: en_executive,
    features: en_features,
    forms: en_forms,
    format: en_format,
    ingestion: en_ingestion,
    jobs: en_jobs,
    login: en_login,
    models: en_models,
    monitoring: en_monitoring,
    monitoringPage: en_monitoringPage,
    nav: en_nav,
    page: en_page,
    policy: en_policy,
    privacy: en_privacy,
    role: en_role,
    scoring: en_scoring,
    settings: en_settings,
    shell: en_shell,
    validation: en_validation,
  },
} satisfies Record<Locale, Record<string, unknown>>;

export type Messages = (typeof catalog)['pt-BR'];
export type Namespace = keyof Messages;
