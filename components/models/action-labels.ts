// The labels of the version actions (promote, challenger, retire and their confirmations), shared by the Modelos
// list and a version's page; built on the server, where the translator lives.
import type { Translate } from '@/lib/i18n/messages';

export function modelActionLabels(t: Translate) {
  return {
    promote: t('models.action.promote'),
    challenger: t('models.action.challenger'),
    retire: t('models.action.retire'),
    confirm: t('models.action.confirm'),
    cancel: t('models.action.cancel'),
    working: t('models.action.working'),
  };
}
