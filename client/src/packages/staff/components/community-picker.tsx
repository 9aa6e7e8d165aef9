import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Choice } from '../../../components/choice';
import { t } from '../../../i18n';
import { listCommunityNames } from '../../../services/communities';

/**
 * Which of the staff member's communities a page works on: the first by default; a choice only
 * for someone who serves several.
 */
export function useStaffCommunity(ids: string[]) {
  const [communityId, setCommunityId] = useState('');
  const [names, setNames] = useState<Record<string, string>>({});
  const key = ids.join(',');
  useEffect(() => {
    if (ids.length > 0 && !ids.includes(communityId)) setCommunityId(ids[0]);
    if (ids.length > 1) listCommunityNames().then(setNames, () => undefined);
  }, [key]);
  return { communityId, setCommunityId, names, ids };
}

export function CommunityPicker({
  ids,
  names,
  communityId,
  onChange,
}: {
  ids: string[];
  names: Record<string, string>;
  communityId: string;
  onChange: (id: string) => void;
}) {
  if (ids.length < 2) return null;
  return (
    <View>
      <Text className="field-label">{t('composeCommunity')}</Text>
      <Choice
        label={t('composeCommunity')}
        options={ids.map((id) => ({ value: id, label: names[id] ?? id }))}
        selected={communityId}
        onSelect={onChange}
      />
    </View>
  );
}
