import { useEffect, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { EmergencyAlertView } from '@linli/shared/emergency';
import { t } from '../i18n';
import { messageOf } from '../services';
import {
  EMERGENCY_ALERT_PAGE,
  emergencyChanged,
  locationIfAllowed,
  raiseEmergency,
} from '../services/emergency';
import { roleOf } from './a11y';
import { Action, ButtonRow } from './action';
import { BottomSheet } from './bottom-sheet';
import { Icon } from './icon';

/** Seconds between the press and the call, in which a mistaken press is cancelled. */
export const HELP_CANCEL_SECONDS = 3;

/** Whole seconds left of the cancel window at `now` (never below 0). */
export function secondsLeft(pressedAt: number, now: number, seconds = HELP_CANCEL_SECONDS): number {
  return Math.max(0, Math.ceil((pressedAt + seconds * 1000 - now) / 1000));
}

/**
 * The one large help button (一键呼叫). A press asks "call for help?" and counts down 3 seconds,
 * with cancel; then the call goes to the person's carers and the duty staff (with where they are,
 * if they allow it) and `onRaised` gets it (default: the alert page, which says who was told and
 * who is coming). "Call now" skips the wait. A failed call says why and offers it again.
 */
export function HelpButton({
  onRaised,
  testId = 'help-button',
}: {
  onRaised?: (alert: EmergencyAlertView) => void;
  testId?: string;
}) {
  const [pressedAt, setPressedAt] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const [calling, setCalling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const raised = useRef(false);

  const call = async () => {
    if (raised.current) return;
    raised.current = true;
    setCalling(true);
    setError(null);
    try {
      const { alert } = await raiseEmergency(await locationIfAllowed());
      setPressedAt(null);
      emergencyChanged.emit();
      if (onRaised) onRaised(alert);
      else void Taro.navigateTo({ url: `${EMERGENCY_ALERT_PAGE}?id=${alert.id}` });
    } catch (e) {
      setError(messageOf(e));
      raised.current = false;
    } finally {
      setCalling(false);
    }
  };

  useEffect(() => {
    if (pressedAt === null || error) return undefined;
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, [pressedAt, error]);

  const left = pressedAt === null ? HELP_CANCEL_SECONDS : secondsLeft(pressedAt, now);
  useEffect(() => {
    if (pressedAt !== null && left === 0 && !error) void call();
    // `call` is stable enough: guarded by `raised`.
  }, [pressedAt, left, error]);

  const press = () => {
    raised.current = false;
    setError(null);
    setNow(Date.now());
    setPressedAt(Date.now());
  };
  const cancel = () => {
    setPressedAt(null);
    setError(null);
  };

  return (
    <View>
      <View
        className="help-button"
        {...roleOf('button')}
        ariaLabel={t('helpButton')}
        data-testid={testId}
        onClick={press}
      >
        <Icon name="emergency" />
        <Text className="help-button-text">{t('helpButton')}</Text>
      </View>
      <Text className="hint help-button-hint">{t('helpButtonHint')}</Text>
      {pressedAt !== null && (
        <BottomSheet title={t('helpConfirmTitle')} onClose={cancel} testId="help-confirm">
          <Text
            className="help-countdown"
            {...roleOf('status')}
            aria-live="assertive"
            data-testid="help-countdown"
          >
            {error
              ? t('helpFailed', { reason: error })
              : calling || left === 0
                ? t('helpCalling')
                : t('helpCountdown', { seconds: left })}
          </Text>
          <ButtonRow>
            <Action kind="secondary" label={t('helpCancel')} testId="help-cancel" onTap={cancel} />
            <Action
              kind="danger"
              label={error ? t('helpRetry') : t('helpCallNow')}
              busy={calling}
              busyLabel={t('helpCalling')}
              testId="help-call-now"
              onTap={() => void call()}
            />
          </ButtonRow>
        </BottomSheet>
      )}
    </View>
  );
}
