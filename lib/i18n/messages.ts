// Interface text in Brazilian Portuguese (default) and English. Keys are shared; a missing English entry
// falls back to pt-BR so the UI never shows a raw key.
export const LOCALES = ['pt-BR', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'pt-BR';

const ptBR = {
  'app.name': 'Proativa',
  'app.tagline': 'Risco de crédito proativo',
  'nav.executive': 'Visão executiva',
  'nav.alerts': 'Fila de alertas',
  'nav.clients': 'Clientes',
  'nav.monitoring': 'Monitoramento',
  'nav.models': 'Modelos',
  'nav.ingestion': 'Ingestão',
  'nav.settings': 'Configurações',
  'nav.signOut': 'Sair',
  'nav.language': 'Idioma',
  'role.EXECUTIVE': 'Executivo',
  'role.MANAGER': 'Gerente de carteira',
  'role.DATA_SCIENTIST': 'Cientista de dados',
  'role.ADMIN': 'Administrador',
  'login.title': 'Entrar no Proativa',
  'login.email': 'E-mail',
  'login.password': 'Senha',
  'login.submit': 'Entrar',
  'login.submitting': 'Entrando…',
  'login.error.INVALID': 'E-mail ou senha inválidos.',
  'login.error.DISABLED': 'Este usuário está desativado. Fale com um administrador.',
  'login.error.LOCKED': 'Muitas tentativas sem sucesso. Tente novamente em {minutes} min.',
  'login.error.generic': 'Não foi possível entrar agora. Tente novamente.',
  'login.error.required': 'Informe e-mail e senha.',
  'empty.title': 'Nada por aqui ainda',
  'page.executive.title': 'Visão executiva',
  'page.executive.empty':
    'Os indicadores (AUC vs 0,7281, recall e precisão, mix de risco, ações e perdas evitadas) aparecem aqui quando houver decisões registradas.',
  'page.alerts.title': 'Fila de alertas',
  'page.alerts.empty':
    'Nenhum alerta crítico na fila. Clientes com probabilidade ≥ 0,50 aparecem aqui para contato consultivo.',
  'page.clients.title': 'Clientes',
  'page.clients.empty': 'Nenhum cliente carregado ainda. Use a página de Ingestão para enviar dados.',
  'page.monitoring.title': 'Monitoramento',
  'page.monitoring.empty':
    'AUC mensal, drift semanal das 5 principais variáveis e recall/precisão diários aparecem aqui quando houver resultados maturados.',
  'page.models.title': 'Modelos',
  'page.models.empty': 'Nenhum modelo registrado ainda. O modelo campeão e os desafiantes aparecem aqui.',
  'page.ingestion.title': 'Ingestão',
  'page.ingestion.empty':
    'Nenhum lote recebido ainda. Extratos mensais, limites, SCR e resultados chegam por aqui.',
  'page.settings.title': 'Configurações',
  'page.forbidden.title': 'Acesso negado',
  'page.forbidden.body': 'Seu perfil não tem permissão para esta página.',
  'page.notFound.title': 'Página não encontrada',
  'page.error.title': 'Algo deu errado',
  'page.error.retry': 'Tentar novamente',
  'page.backHome': 'Voltar ao início',
  'settings.users': 'Usuários',
  'settings.apiKeys': 'Chaves de API',
  'settings.user.name': 'Nome',
  'settings.user.email': 'E-mail',
  'settings.user.role': 'Perfil',
  'settings.user.active': 'Ativo',
  'settings.user.password': 'Senha inicial',
  'settings.user.create': 'Criar usuário',
  'settings.user.disable': 'Desativar',
  'settings.user.enable': 'Reativar',
  'settings.user.save': 'Salvar',
  'settings.user.lastLogin': 'Último acesso',
  'settings.apiKey.name': 'Nome da chave',
  'settings.apiKey.create': 'Criar chave',
  'settings.apiKey.revoke': 'Revogar',
  'settings.apiKey.revoked': 'Revogada',
  'settings.apiKey.shownOnce': 'Copie agora: a chave não será exibida de novo.',
  'settings.apiKey.lastUsed': 'Último uso',
  'common.never': 'nunca',
  'common.yes': 'Sim',
  'common.no': 'Não',
  'common.saving': 'Salvando…',
} as const;

export type MessageKey = keyof typeof ptBR;

const en: Partial<Record<MessageKey, string>> = {
  'app.tagline': 'Proactive credit risk',
  'nav.executive': 'Executive view',
  'nav.alerts': 'Alert queue',
  'nav.clients': 'Clients',
  'nav.monitoring': 'Monitoring',
  'nav.models': 'Models',
  'nav.ingestion': 'Ingestion',
  'nav.settings': 'Settings',
  'nav.signOut': 'Sign out',
  'nav.language': 'Language',
  'role.EXECUTIVE': 'Executive',
  'role.MANAGER': 'Portfolio manager',
  'role.DATA_SCIENTIST': 'Data scientist',
  'role.ADMIN': 'Administrator',
  'login.title': 'Sign in to Proativa',
  'login.email': 'E-mail',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.error.INVALID': 'Invalid e-mail or password.',
  'login.error.DISABLED': 'This user is disabled. Contact an administrator.',
  'login.error.LOCKED': 'Too many failed attempts. Try again in {minutes} min.',
  'login.error.generic': 'Could not sign in right now. Please try again.',
  'login.error.required': 'Enter your e-mail and password.',
  'empty.title': 'Nothing here yet',
  'page.executive.title': 'Executive view',
  'page.executive.empty':
    'KPIs (AUC vs 0.7281, recall and precision, risk mix, actions and losses avoided) appear here once decisions are recorded.',
  'page.alerts.title': 'Alert queue',
  'page.alerts.empty':
    'No critical alerts in the queue. Clients scoring ≥ 0.50 appear here for a consultative call.',
  'page.clients.title': 'Clients',
  'page.clients.empty': 'No clients loaded yet. Use the Ingestion page to send data.',
  'page.monitoring.title': 'Monitoring',
  'page.monitoring.empty':
    'Monthly AUC, weekly drift of the top-5 features and daily recall/precision appear here once outcomes mature.',
  'page.models.title': 'Models',
  'page.models.empty': 'No models registered yet. The champion and challengers appear here.',
  'page.ingestion.title': 'Ingestion',
  'page.ingestion.empty':
    'No batches received yet. Monthly statements, limits, bureau (SCR) data and outcomes arrive here.',
  'page.settings.title': 'Settings',
  'page.forbidden.title': 'Access denied',
  'page.forbidden.body': 'Your role does not have permission for this page.',
  'page.notFound.title': 'Page not found',
  'page.error.title': 'Something went wrong',
  'page.error.retry': 'Try again',
  'page.backHome': 'Back to start',
  'settings.users': 'Users',
  'settings.apiKeys': 'API keys',
  'settings.user.name': 'Name',
  'settings.user.email': 'E-mail',
  'settings.user.role': 'Role',
  'settings.user.active': 'Active',
  'settings.user.password': 'Initial password',
  'settings.user.create': 'Create user',
  'settings.user.disable': 'Disable',
  'settings.user.enable': 'Enable',
  'settings.user.save': 'Save',
  'settings.user.lastLogin': 'Last sign-in',
  'settings.apiKey.name': 'Key name',
  'settings.apiKey.create': 'Create key',
  'settings.apiKey.revoke': 'Revoke',
  'settings.apiKey.revoked': 'Revoked',
  'settings.apiKey.shownOnce': 'Copy it now: the key will not be shown again.',
  'settings.apiKey.lastUsed': 'Last used',
  'common.never': 'never',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.saving': 'Saving…',
};

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  return (key, vars) => {
    let s: string = (locale === 'en' ? en[key] : undefined) ?? ptBR[key];
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
    return s;
  };
}
