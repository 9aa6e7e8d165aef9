import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Action, ButtonRow } from '../../components/action';
import { Card } from '../../components/card';
import { Field, FormError } from '../../components/field';
import { ListItem } from '../../components/list-item';
import { Page } from '../../components/page';
import { PageHeader } from '../../components/page-header';
import { SIGN_IN_PAGE, useUser } from '../../hooks/use-user';
import { t } from '../../i18n';
import { messageOf } from '../../services';
import {
  deleteMyAccount,
  exportMyData,
  exportSectionLabel,
  saveExport,
  summariseExport,
  type MyData,
} from '../../services/account';
import { formatDate } from '../../services/notice-format';
import { usePreferences } from '../../hooks/use-preferences';

/** The person's rights over their data: see and take a copy of all of it; delete the account. */
export default function MyDataPage() {
  // Re-renders in place when the language or care mode changes (nothing typed is lost).
  usePreferences();
  useUser();
  const [data, setData] = useState<MyData | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const word = t('deleteConfirmWord');
  const confirmed = typed.trim().toUpperCase() === word.toUpperCase();

  const runExport = async () => {
    setBusy(true);
    setExportError(null);
    try {
      setData(await exportMyData());
    } catch (e) {
      setExportError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (!data) return;
    try {
      if ((await saveExport(data)) === 'copied')
        void Taro.showToast({ title: t('exportCopied'), icon: 'none' });
    } catch (e) {
      setExportError(messageOf(e));
    }
  };

  const remove = async () => {
    if (!confirmed) return;
    setBusy(true);
    setDeleteError(null);
    try {
      await deleteMyAccount();
      void Taro.showToast({ title: t('deleteDone'), icon: 'none' });
      void Taro.reLaunch({ url: SIGN_IN_PAGE });
    } catch (e) {
      setDeleteError(messageOf(e));
      setBusy(false);
    }
  };

  return (
    <Page title="myDataTitle">
      <PageHeader title={t('myDataTitle')} />
      <Card title={t('exportTitle')}>
        <Text className="hint">{t('exportHint')}</Text>
        <FormError message={exportError} testId="export-error" />
        <Action
          kind="secondary"
          label={t('exportButton')}
          testId="export"
          busy={busy && !confirming}
          onTap={() => void runExport()}
        />
        {data && (
          <View data-testid="export-result">
            <Text className="hint">{t('exportDone', { date: formatDate(data.exportedAt) })}</Text>
            {summariseExport(data).map(({ section, count }) => (
              <ListItem key={section} title={exportSectionLabel(section)} value={String(count)} />
            ))}
            <Action
              kind="primary"
              label={t(process.env.TARO_ENV === 'h5' ? 'exportDownload' : 'exportCopy')}
              testId="export-save"
              onTap={() => void save()}
            />
            <Text className="data-dump" userSelect>
              {JSON.stringify(data, null, 2)}
            </Text>
          </View>
        )}
      </Card>

      <Card title={t('deleteTitle')} variant="flagged">
        <Text className="hint">{t('deleteHint')}</Text>
        {!confirming ? (
          <Action
            kind="danger"
            label={t('deleteStart')}
            testId="delete-start"
            onTap={() => setConfirming(true)}
          />
        ) : (
          <View data-testid="delete-confirm">
            <Field
              label={t('deleteConfirmPrompt', { word })}
              value={typed}
              maxLength={20}
              testId="delete-word"
              error={deleteError ?? undefined}
              onChange={setTyped}
            />
            <ButtonRow>
              <Action
                label={t('commonCancel')}
                onTap={() => {
                  setConfirming(false);
                  setTyped('');
                  setDeleteError(null);
                }}
              />
              <Action
                kind="danger"
                label={t('deleteForever')}
                testId="delete-forever"
                disabled={!confirmed}
                busy={busy}
                onTap={() => void remove()}
              />
            </ButtonRow>
          </View>
        )}
      </Card>
    </Page>
  );
}
