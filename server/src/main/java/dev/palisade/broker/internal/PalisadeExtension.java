package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

/**
 * Palisade's extension, loaded into the embedded broker in-process: authenticates every CONNECT by its certificate and
 * keeps the register of connected devices.
 */
public final class PalisadeExtension implements ExtensionMain {

    private final DeviceAuthenticator authenticator;
    private final ConnectedDevices sessions;

    public PalisadeExtension(DeviceAuthenticator authenticator, ConnectedDevices sessions) {
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        var identification = new ConnectIdentification(authenticator);
        authenticator.decidedBy(identification);
        Services.interceptorRegistry().setConnectInboundInterceptorProvider(provider -> identification);
        Services.securityRegistry().setAuthenticatorProvider(provider -> authenticator);
        Services.eventRegistry().setClientLifecycleEventListener(provider -> new SessionEnds());
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // the broker stops with the server: nothing of ours outlives it
    }

    private final class SessionEnds implements ClientLifecycleEventListener {

        @Override
        public void onMqttConnectionStart(ConnectionStartInput input) {}

        @Override
        public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {}

        @Override
        public void onDisconnect(DisconnectEventInput input) {
            sessions.disconnected(input.getClientInformation().getClientId());
        }
    }
}
