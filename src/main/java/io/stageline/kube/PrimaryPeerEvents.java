package io.stageline.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;

/**
 * Wakes other primaries of a controller when one of them changes (e.g. the Environments downstream of an
 * upstream that changed), from the controller's own watch: JOSDK hands every event of the primary informer
 * to the event sources that are {@link ResourceEventAware}, before its own filters. An informer of the same
 * kind would do the same with a second watch and a second copy of every object in memory.
 */
public final class PrimaryPeerEvents<P extends HasMetadata> extends AbstractEventSource<Void, P>
    implements ResourceEventAware<P> {
  private final SecondaryToPrimaryMapper<P> peers;

  /** {@code peers}: the primaries a change of the given one concerns (the changed one itself excluded). */
  public PrimaryPeerEvents(String name, SecondaryToPrimaryMapper<P> peers) {
    super(Void.class, name);
    this.peers = peers;
  }

  @Override
  public void onResourceCreated(P resource) {
    wake(resource);
  }

  @Override
  public void onResourceUpdated(P newResource, P oldResource) {
    wake(newResource);
  }

  @Override
  public void onResourceDeleted(P resource) {
    wake(resource);
  }

  private void wake(P changed) {
    var handler = getEventHandler();
    if (handler == null) {
      return;
    }
    peers.toPrimaryResourceIDs(changed).forEach(id -> handler.handleEvent(new Event(id)));
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }
}
